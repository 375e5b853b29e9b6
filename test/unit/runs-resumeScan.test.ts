import * as assert from 'node:assert/strict';
import type { RecoveryOutcome } from '../../src/runs/recoverRun';
import { startResumeScan } from '../../src/runs/resumeScan';

/** A schedule the test steps by hand: each call records its delay and waits for `tick()`. */
function manualSchedule() {
  const pending: { callback: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    delays: () => pending.map((entry) => entry.ms),
    schedule: (callback: () => void, ms: number) => {
      const entry = { callback, ms, cancelled: false };
      pending.push(entry);
      return { dispose: () => (entry.cancelled = true) };
    },
    tick: async () => {
      const next = pending.find((entry) => !entry.cancelled && entry.ms >= 0);
      assert.ok(next, 'something is scheduled');
      next.ms = -1;
      next.callback();
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
    scheduledCount: () => pending.filter((entry) => !entry.cancelled && entry.ms >= 0).length,
  };
}

describe('The startup scan of unfinished runs', () => {
  it('runs after activation, reads only the list, and recovers each run on it once per pass', async () => {
    const clock = manualSchedule();
    const recovered: string[] = [];
    let listReads = 0;
    const outcomes: Record<string, RecoveryOutcome> = { a: 'resume', b: 'interrupted-unpaid', c: 'elsewhere' };
    const scan = startResumeScan(
      {
        unfinishedIds: async () => {
          listReads += 1;
          return Object.keys(outcomes);
        },
        recover: async (id) => {
          recovered.push(id);
          return outcomes[id];
        },
        log: () => undefined,
        schedule: clock.schedule,
        everyMs: 5_000,
      },
      0,
    );
    assert.equal(listReads, 0, 'nothing is read during activation itself');
    assert.deepEqual(clock.delays(), [0]);
    await clock.tick();
    assert.deepEqual([...(await scan.firstPass)], [['a', 'resume'], ['b', 'interrupted-unpaid'], ['c', 'elsewhere']]);
    assert.deepEqual(recovered, ['a', 'b', 'c']);
    assert.equal(listReads, 1);

    // The run in another window is looked at again five seconds later; the list now holds it alone.
    delete outcomes.a;
    delete outcomes.b;
    outcomes.c = 'resume';
    assert.deepEqual(clock.delays().slice(-1), [5_000]);
    await clock.tick();
    assert.deepEqual(recovered, ['a', 'b', 'c', 'c']);
    scan.dispose();
    assert.equal(clock.scheduledCount(), 0, 'nothing is scheduled after dispose');
  });

  it('goes on with the other runs when one cannot be recovered, and logs why', async () => {
    const clock = manualSchedule();
    const logged: string[] = [];
    const scan = startResumeScan({
      unfinishedIds: async () => ['broken', 'fine'],
      recover: async (id) => {
        if (id === 'broken') {
          throw new Error('EACCES: permission denied');
        }
        return 'resume';
      },
      log: (message) => logged.push(message),
      schedule: clock.schedule,
    });
    await clock.tick();
    assert.deepEqual([...(await scan.firstPass)], [['fine', 'resume']]);
    assert.ok(logged.some((line) => line.includes('Generation broken: could not be recovered: EACCES')));
    scan.dispose();
  });
});
