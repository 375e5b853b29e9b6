import * as assert from 'node:assert/strict';
import { hasFavourite, MEGABYTE, planStorageCap, type CapRun } from '../../src/history/storageCap';
import { StorageCapKeeper, type CapOutcome } from '../../src/history/storageCapKeeper';
import type { GenerationRecord } from '../../src/runs/record';
import { historyRecord } from './history-support';

/** Runs a day apart, oldest first; ids sort by time as the store's do. */
function runs(count: number, bytesEach = 10 * MEGABYTE): CapRun[] {
  return Array.from({ length: count }, (_, i) => {
    const day = String(i + 1).padStart(2, '0');
    return { record: historyRecord(`202611${day}T090000000-aaaaa${i % 10}`, { createdAt: `2026-11-${day}T09:00:00.000Z` }), bytes: bytesEach };
  });
}

const nobodyRuns = () => false;

function favourite(record: GenerationRecord, where: 'run' | 'result'): GenerationRecord {
  if (where === 'run') {
    return Object.assign(record, { favourite: true });
  }
  record.results[1] = Object.assign({ ...record.results[1] }, { favourite: true });
  return record;
}

describe('history: the storage cap', () => {
  it('removes the oldest finished runs until everything fits, and no more', () => {
    const all = runs(5);
    // 50 MB of runs + 1 MB of other files, cap 30 MB: the two oldest go (51 → 31 is still over), then a third.
    const plan = planStorageCap(all, MEGABYTE, 30 * MEGABYTE, nobodyRuns);
    assert.deepEqual(plan.remove, [all[0], all[1], all[2]].map((run) => run.record.id));
    assert.equal(plan.totalBytes, 51 * MEGABYTE);
    assert.equal(plan.removedBytes, 30 * MEGABYTE);
    assert.equal(plan.stillOver, false);
  });

  it('removes nothing under the cap', () => {
    assert.deepEqual(planStorageCap(runs(3), 0, 2048 * MEGABYTE, nobodyRuns).remove, []);
  });

  it('orders by start time, not by the order it was given', () => {
    const all = runs(4);
    const plan = planStorageCap([all[2], all[0], all[3], all[1]], 0, 25 * MEGABYTE, nobodyRuns);
    assert.deepEqual(plan.remove, [all[0].record.id, all[1].record.id]);
  });

  it('never removes the newest run, unfinished runs, runs running here, or runs with a favourite', () => {
    const all = runs(7);
    all[0].record.phase = 'generating'; // may be running in another window
    favourite(all[1].record, 'run');
    favourite(all[2].record, 'result');
    const runningHere = all[3].record.id;
    const plan = planStorageCap(all, 0, 1, (id) => id === runningHere);
    assert.deepEqual(plan.remove, [all[4].record.id, all[5].record.id]);
    assert.equal(plan.stillOver, true, 'what is left is kept on purpose');
  });

  it('reads favourites of records written before the field existed as "no"', () => {
    assert.equal(hasFavourite(historyRecord('20261101T090000000-aaaaaa')), false);
    assert.equal(hasFavourite(favourite(historyRecord('20261101T090000000-aaaaaa'), 'result')), true);
  });

  describe('the keeper', () => {
    function keeper(all: CapRun[], capMB: number, overrides: { load?: (id: string) => GenerationRecord | undefined } = {}) {
      const removedFolders: string[] = [];
      const outcomes: CapOutcome[] = [];
      const info: string[] = [];
      let lockHeld = false;
      const capKeeper = new StorageCapKeeper({
        entries: () => Promise.resolve(all.map((run) => ({ stamp: { mtimeMs: 0, size: 0 }, record: run.record, bytes: run.bytes }))),
        bytesOutsideGenerations: () => Promise.resolve(0),
        capMB: () => capMB,
        isRunningHere: () => false,
        load: (id) => Promise.resolve(overrides.load ? overrides.load(id) : all.find((run) => run.record.id === id)?.record),
        lock: {
          withLock: async (work) => {
            lockHeld = true;
            try {
              return await work();
            } finally {
              lockHeld = false;
            }
          },
        },
        files: {
          removeFolder: (id) => {
            assert.ok(lockHeld, 'removed under the store lock');
            removedFolders.push(id);
            return Promise.resolve();
          },
        },
        removed: (outcome) => outcomes.push(outcome),
        log: { info: (message) => info.push(message), warn: (message) => info.push(message) },
      });
      return { capKeeper, removedFolders, outcomes, info };
    }

    it('removes the planned runs, says so in the log, and tells the history', async () => {
      const all = runs(4);
      const { capKeeper, removedFolders, outcomes, info } = keeper(all, 25);
      const outcome = await capKeeper.check('a run ended');
      assert.deepEqual(removedFolders, [all[0].record.id, all[1].record.id]);
      assert.deepEqual(outcome, { removed: removedFolders, bytes: 20 * MEGABYTE, capMB: 25 });
      assert.equal(outcomes.length, 1);
      assert.match(info.join('\n'), /over the 25 MB cap \(a run ended\): removed 2 oldest runs \(20\.0 MB\)/);
    });

    it('spares a run favourited (in any window) between the plan and its removal', async () => {
      const all = runs(4);
      const { capKeeper, removedFolders } = keeper(all, 25, {
        load: (id) => {
          const record = all.find((run) => run.record.id === id)?.record;
          return record && id === all[0].record.id ? favourite(structuredClone(record), 'run') : record;
        },
      });
      await capKeeper.check('startup');
      assert.deepEqual(removedFolders, [all[1].record.id]);
    });

    it('does nothing under the cap', async () => {
      const { capKeeper, removedFolders, outcomes } = keeper(runs(4), 2048);
      assert.equal(await capKeeper.check('setting changed'), undefined);
      assert.deepEqual(removedFolders, []);
      assert.deepEqual(outcomes, []);
    });
  });
});
