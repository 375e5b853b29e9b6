import * as assert from 'node:assert/strict';
import { FIRST_SCREEN_RUNS, HistoryFeed, rowsOnDemand, type ListFrame } from '../../src/history/historyFeed';
import { toHistoryRunView } from '../../src/history/rows';
import type { GenerationRecord } from '../../src/runs/record';
import type { HistoryHostMessage, HistoryPaintSource, HistoryRunView, HistoryStrings, HistoryView } from '../../src/shared/historyProtocol';
import { handleHostMessage, type HostMessagePage } from '../../src/webview/history/hostMessages';
import { historyRecord } from './history-support';

const FRAME: ListFrame = { filesBase: 'https://webview.test/generations', workspaceOpen: false };
const STRINGS: HistoryStrings = { runCount: '{0} runs' };

/** `count` stored runs, newest first as the listing gives them. */
function storedRuns(count: number): GenerationRecord[] {
  const two = (n: number): string => String(n).padStart(2, '0');
  return Array.from({ length: count }, (_, i) => {
    const second = count - i;
    return historyRecord(`20261124T11${two(Math.floor(second / 60))}${two(second % 60)}000-aaaaaa`);
  });
}

/** The list the view reads, counting the rows it has made so far. */
function listOf(records: GenerationRecord[]) {
  const made: string[] = [];
  const list = rowsOnDemand(records, (record) => {
    made.push(record.id);
    return toHistoryRunView(record, undefined, { formatWhen: (iso) => iso });
  }, FRAME);
  return { list, made };
}

/** A feed whose page records each message with how many rows had been made when it went out. */
function attachedFeed(made: string[] = []) {
  const feed = new HistoryFeed();
  const sent: { message: HistoryHostMessage; rowsMade: number }[] = [];
  feed.attach((message) => sent.push({ message, rowsMade: made.length }));
  return { feed, sent };
}

const ids = (view: HistoryView): string[] => view.runs.map((run) => run.id);

describe('history view: how the host sends the list', () => {
  it('carries 24 runs in the first message: more than a tall sidebar shows', () => {
    assert.equal(FIRST_SCREEN_RUNS, 24);
  });

  it('sends only the first screen of a long list in `init`, made before the rest, then the whole list in `runs`', () => {
    const records = storedRuns(60);
    const { list, made } = listOf(records);
    const { feed, sent } = attachedFeed(made);
    feed.pageReady();
    feed.sendFirstList(list, STRINGS, false);

    assert.deepEqual(sent.map((s) => s.message.type), ['init', 'runs']);
    const [first, whole] = sent;
    assert.ok(first.message.type === 'init' && whole.message.type === 'runs');
    assert.deepEqual(ids(first.message.view), records.slice(0, FIRST_SCREEN_RUNS).map((r) => r.id), 'init carries the newest 24 runs, in order');
    assert.equal(first.message.more, true, 'init says the whole list follows');
    assert.equal(first.rowsMade, FIRST_SCREEN_RUNS, 'the rows past the first screen were made before the first screen went out');
    assert.deepEqual(first.message.strings, STRINGS);
    assert.equal(first.message.view.filesBase, FRAME.filesBase);
    assert.equal('reportPaint' in first.message, false, 'no paint report asked but in test mode');
    assert.deepEqual(ids(whole.message.view), records.map((r) => r.id));
    assert.deepEqual(whole.message.view.runs.slice(0, FIRST_SCREEN_RUNS), first.message.view.runs, 'the first screen\'s rows are made once and sent again as they were');
    assert.equal(made.length, 60, 'each row is made once');
  });

  it('sends a list that fits the first screen in `init` alone, without `more`', () => {
    for (const count of [0, 1, FIRST_SCREEN_RUNS]) {
      const { list } = listOf(storedRuns(count));
      const { feed, sent } = attachedFeed();
      feed.pageReady();
      feed.sendFirstList(list, STRINGS, true);
      assert.equal(sent.length, 1, `${count} runs`);
      const init = sent[0].message;
      assert.ok(init.type === 'init');
      assert.equal(init.view.runs.length, count);
      assert.equal(init.more, undefined);
      assert.equal(init.reportPaint, true, 'test mode asks the page for its paint report');
    }
  });

  it('tells a page nothing of changes until it says `ready`, and makes no row for it', () => {
    const { feed, sent } = attachedFeed();
    let made = 0;
    const change = (): HistoryHostMessage => {
      made++;
      return { type: 'runs', view: { ...FRAME, runs: [] } };
    };
    feed.postWhenListening(change);
    feed.shownAgain();
    assert.equal(feed.listening, false);
    assert.equal(sent.length, 0);
    assert.equal(made, 0);

    feed.pageReady();
    feed.postWhenListening(change);
    assert.equal(feed.listening, true);
    assert.deepEqual(sent.map((s) => s.message.type), ['runs']);
    assert.equal(made, 1);
  });

  it('sends only `shown` when the view is shown again with its page kept: no list', () => {
    const { feed, sent } = attachedFeed();
    feed.pageReady();
    feed.shownAgain();
    assert.deepEqual(sent.map((s) => s.message), [{ type: 'shown' }]);
  });

  it('sends nothing when a new page is shown before it said `ready`, nor after the view went away', () => {
    const { feed, sent } = attachedFeed();
    feed.pageReady();
    feed.attach((message) => sent.push({ message, rowsMade: 0 }));
    feed.shownAgain();
    feed.detach();
    feed.shownAgain();
    feed.post({ type: 'shown' });
    assert.deepEqual(sent, []);
  });
});

describe('history page: what a host message does', () => {
  function page(countText = '') {
    const calls: string[] = [];
    const rendered: { view: HistoryView; savedCount: string | undefined }[] = [];
    const paints: { kind: 'rendered' | 'report'; from: HistoryPaintSource; at: number }[] = [];
    const target: HostMessagePage = {
      list: {
        setStrings: () => calls.push('setStrings'),
        render: (view, savedCount) => {
          calls.push('render');
          rendered.push({ view, savedCount });
        },
        update: (run: HistoryRunView) => calls.push(`update ${run.id}`),
        countText,
      },
      paint: {
        rendered: (from, at) => paints.push({ kind: 'rendered', from, at }),
        report: (from, at) => paints.push({ kind: 'report', from, at }),
      },
      memory: { strings: undefined, reportPaint: false },
      save: () => calls.push('save'),
    };
    return { target, calls, rendered, paints };
  }

  const firstScreen: HistoryView = { ...FRAME, runs: [] };

  it('reports the paint on `shown` in test mode, and renders and saves nothing', () => {
    const { target, calls, paints } = page();
    handleHostMessage({ type: 'init', strings: STRINGS, view: firstScreen, reportPaint: true }, 100, target);
    calls.length = 0;
    handleHostMessage({ type: 'shown' }, 250, target);
    assert.deepEqual(calls, []);
    assert.deepEqual(paints, [
      { kind: 'rendered', from: 'init', at: 100 },
      { kind: 'report', from: 'shown', at: 250 },
    ]);
  });

  it('does nothing on `shown` unless test mode asked for paint reports', () => {
    const { target, calls, paints } = page();
    handleHostMessage({ type: 'init', strings: STRINGS, view: firstScreen }, 100, target);
    calls.length = 0;
    handleHostMessage({ type: 'shown' }, 250, target);
    assert.deepEqual(calls, []);
    assert.deepEqual(paints, []);
  });

  it('keeps the count line of a first screen until the whole list comes, saving after each', () => {
    const { target, calls, rendered } = page('60 runs');
    handleHostMessage({ type: 'init', strings: STRINGS, view: firstScreen, more: true }, 100, target);
    handleHostMessage({ type: 'runs', view: firstScreen }, 110, target);
    assert.deepEqual(calls, ['setStrings', 'render', 'save', 'render', 'save']);
    assert.deepEqual(rendered.map((r) => r.savedCount), ['60 runs', undefined]);
    assert.deepEqual(target.memory, { strings: STRINGS, reportPaint: false });
  });

  it('counts the list at once when `init` holds all of it', () => {
    const { target, rendered } = page('60 runs');
    handleHostMessage({ type: 'init', strings: STRINGS, view: firstScreen }, 100, target);
    assert.deepEqual(rendered.map((r) => r.savedCount), [undefined]);
  });
});
