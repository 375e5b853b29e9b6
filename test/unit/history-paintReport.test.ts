import * as assert from 'node:assert/strict';
import { parseHistoryWebviewMessage, type HistoryRunView, type HistoryView } from '../../src/shared/historyProtocol';
import { FIRST_ROWS, ProgressiveRender, ROWS_PER_TASK } from '../../src/webview/history/progressiveRender';

function run(i: number, words = 'Done'): HistoryRunView {
  return {
    id: `run-${i}`,
    sourceName: `cat-${i}.png`,
    sourceSrc: '',
    createdAt: '2026-11-24T11:00:00.000Z',
    when: 'Nov 24, 2026, 11:00 AM',
    summary: '4:3',
    state: { kind: 'done', words },
    thumbs: [],
    search: `cat-${i}.png`,
    favourite: false,
    inWorkspace: true,
    parentDeleted: false,
  };
}

function viewOf(count: number): HistoryView {
  return { runs: Array.from({ length: count }, (_, i) => run(i)), workspaceOpen: true };
}

/** A list that records what it was asked to render, and tasks run by hand. */
function harness() {
  const rendered: number[] = [];
  const updated: string[] = [];
  const tasks: (() => void)[] = [];
  let completed = 0;
  const progressive = new ProgressiveRender(
    { render: (view) => rendered.push(view.runs.length), update: (r) => updated.push(r.id) },
    (task) => tasks.push(task),
    () => completed++,
  );
  const runTasks = () => {
    while (tasks.length > 0) {
      tasks.shift()!();
    }
  };
  return { progressive, rendered, updated, tasks, runTasks, completed: () => completed };
}

describe('history view: the first screen of a long list', () => {
  it('renders the first screen at once and the rest a slice per task, the whole view kept for the state', () => {
    const h = harness();
    h.progressive.show(viewOf(250));
    assert.deepEqual(h.rendered, [FIRST_ROWS]);
    assert.equal(h.progressive.view.runs.length, 250);
    assert.equal(h.progressive.complete, false);
    h.runTasks();
    assert.deepEqual(h.rendered, [FIRST_ROWS, FIRST_ROWS + ROWS_PER_TASK, FIRST_ROWS + 2 * ROWS_PER_TASK, 250]);
    assert.equal(h.progressive.complete, true);
    assert.equal(h.completed(), 1);
  });

  it('renders a short list in one go', () => {
    const h = harness();
    h.progressive.show(viewOf(5));
    assert.deepEqual(h.rendered, [5]);
    assert.equal(h.tasks.length, 0);
    assert.equal(h.completed(), 1);
  });

  it('a list sent again while the rest is coming starts over from the rows on screen, the old steps dropped', () => {
    const h = harness();
    h.progressive.show(viewOf(300));
    h.tasks.shift()!();
    h.progressive.show(viewOf(301));
    assert.deepEqual(h.rendered, [FIRST_ROWS, FIRST_ROWS + ROWS_PER_TASK, FIRST_ROWS + ROWS_PER_TASK]);
    h.runTasks();
    assert.equal(h.rendered.at(-1), 301);
    assert.equal(h.completed(), 1);
  });

  it('a changed run updates the whole view, and the list only when the run is on screen or new', () => {
    const h = harness();
    h.progressive.show(viewOf(200));
    h.progressive.update(run(3, 'Favourite'));
    h.progressive.update(run(150, 'Changed'));
    h.progressive.update(run(999));
    assert.deepEqual(h.updated, ['run-3', 'run-999']);
    assert.equal(h.progressive.view.runs[0].id, 'run-999');
    assert.equal(h.progressive.view.runs[151].state.words, 'Changed');
    h.runTasks();
    assert.equal(h.rendered.at(-1), 201);
  });
});

describe('history protocol: the paint report of test mode', () => {
  const painted = { type: 'painted', from: 'init', at: 30, thumbnails: 12, documentAt: 10, dataAt: 20 };

  it('accepts a well-formed report', () => {
    assert.deepEqual(parseHistoryWebviewMessage(painted), painted);
    assert.deepEqual(parseHistoryWebviewMessage({ ...painted, from: 'state' }), { ...painted, from: 'state' });
  });

  it('refuses other sources, bad numbers and extra fields', () => {
    for (const bad of [
      { ...painted, from: 'page' },
      { ...painted, at: 'now' },
      { ...painted, dataAt: Number.NaN },
      { ...painted, thumbnails: -1 },
      { ...painted, thumbnails: 1.5 },
      { ...painted, generationId: '20261124T110000-abcdef' },
    ]) {
      assert.equal(parseHistoryWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
