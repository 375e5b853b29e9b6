import * as assert from 'node:assert/strict';
import { clearQuestion, megabytes, planClearing, removeRuns, runsToClear } from '../../src/history/clearing';
import { deleteRun, type DeleteRunDeps } from '../../src/history/deleteRun';
import { historyRecord, IDS } from './history-support';

const sizes: Record<string, number> = { [IDS.older]: 1_500_000, [IDS.middle]: 2_000_000, [IDS.newer]: 250_000 };
const files = {
  folderBytes: async (id: string) => sizes[id] ?? 0,
};

describe('history: Clear History', () => {
  const records = [
    historyRecord(IDS.newer, { phase: 'generating', results: [] }),
    historyRecord(IDS.middle, { phase: 'failed' }),
    historyRecord(IDS.older),
  ];

  it('removes every finished run and keeps runs that have not ended, here or elsewhere', () => {
    assert.deepEqual(runsToClear(records, () => false), { remove: [IDS.middle, IDS.older], kept: 1, favourites: 0 });
  });

  it('keeps a run this window is running even if its stored record looks finished', () => {
    assert.deepEqual(runsToClear(records, (id) => id === IDS.older), { remove: [IDS.middle], kept: 2, favourites: 0 });
  });

  it('adds up the bytes of what it removes, and asks with the count and megabytes', async () => {
    const plan = await planClearing(records, () => false, files);
    assert.deepEqual(plan, { remove: [IDS.middle, IDS.older], kept: 1, favourites: 0, bytes: 3_500_000 });
    const question = clearQuestion(plan);
    assert.ok(question);
    assert.equal(question.message, 'Remove 2 runs (3.5 MB) from the history?');
    assert.match(question.detail, /1 run that has not finished is kept\./);
    assert.equal(question.action, 'Remove');
  });

  it('asks nothing when there is nothing to remove', async () => {
    const plan = await planClearing([records[0]], () => false, files);
    assert.equal(clearQuestion(plan), undefined);
  });

  it('says one run in the singular and never "0.0 MB" for something', () => {
    const question = clearQuestion({ remove: [IDS.newer], kept: 0, favourites: 0, bytes: 20_000 });
    assert.equal(question?.message, 'Remove 1 run (0.1 MB) from the history?');
    assert.doesNotMatch(question?.detail ?? '', /kept/);
    assert.equal(megabytes(0), '0.0 MB');
  });

  it('goes on after a folder that cannot be removed, and says which', async () => {
    const logged: string[] = [];
    const removed = await removeRuns([IDS.older, IDS.middle], {
      removeFolder: async (id) => {
        if (id === IDS.older) {
          throw new Error('busy');
        }
      },
    }, (message) => logged.push(message));
    assert.deepEqual(removed, [IDS.middle]);
    assert.equal(logged.length, 1);
    assert.match(logged[0], new RegExp(`${IDS.older}: busy`));
  });
});

describe('history: deleting one run', () => {
  function deps(running: boolean, answer: boolean, removed: string[], asked: string[]): DeleteRunDeps {
    return {
      isRunningAnywhere: async () => running,
      confirm: async (question) => {
        asked.push(question.message);
        return answer;
      },
      files: { removeFolder: async (id) => void removed.push(id) },
    };
  }

  it('asks, then removes the folder', async () => {
    const removed: string[] = [];
    const asked: string[] = [];
    assert.equal(await deleteRun(historyRecord(IDS.older), deps(false, true, removed, asked)), 'deleted');
    assert.deepEqual(removed, [IDS.older]);
    assert.deepEqual(asked, ['Delete the run of cat.png from the history?']);
  });

  it('removes nothing when the user declines', async () => {
    const removed: string[] = [];
    assert.equal(await deleteRun(historyRecord(IDS.older), deps(false, false, removed, [])), 'declined');
    assert.deepEqual(removed, []);
  });

  it('refuses while it runs in any window, without asking', async () => {
    const removed: string[] = [];
    const asked: string[] = [];
    assert.equal(await deleteRun(historyRecord(IDS.older, { phase: 'generating' }), deps(true, true, removed, asked)), 'running');
    assert.deepEqual([removed, asked], [[], []]);
  });
});
