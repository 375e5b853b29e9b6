/**
 * The history's rows and its delete ask the same question of the same leases (src/runs/lease.ts):
 * a row says "in another window" exactly when delete would refuse, whatever the record's age.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { deleteRun } from '../../src/history/deleteRun';
import { LiveRuns } from '../../src/history/liveRuns';
import { toHistoryRunView } from '../../src/history/rows';
import { runningElsewhereAmong } from '../../src/history/runningAnywhere';
import { RunLeases } from '../../src/runs/lease';
import type { GenerationRecord } from '../../src/runs/record';
import { historyRecord, IDS } from './history-support';

const NOW = Date.parse('2026-11-24T11:00:30.000Z');

function generating(id: string, updatedAt: string): GenerationRecord {
  return historyRecord(id, { phase: 'generating', updatedAt, results: [] });
}

describe('history rows: running in another window, as the leases say', () => {
  let root: string;
  const windows: RunLeases[] = [];
  const windowOn = (owner: string, now?: () => number) => {
    const leases = new RunLeases({ root, owner, now });
    windows.push(leases);
    return leases;
  };

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-rows-lease-'));
  });
  afterEach(async () => {
    windows.splice(0).forEach((leases) => leases.dispose());
    await fs.rm(root, { recursive: true, force: true });
  });

  /** The rows of window B, made as its view makes them after reading the list. */
  async function rowsOfB(records: GenerationRecord[], b: RunLeases, live = new LiveRuns()) {
    await live.learnElsewhere(records, (id) => b.isRunning(id));
    return records.map((record) => toHistoryRunView(record, live.get(record.id)?.progress, {
      formatWhen: (iso) => iso,
      now: NOW,
      runningElsewhere: (id) => live.isRunningElsewhere(id),
    }).state);
  }

  it('reads a run with a fresh lease but a record written a minute ago as running elsewhere, and delete refuses it', async () => {
    const a = windowOn('window-a');
    const b = windowOn('window-b');
    assert.ok(await a.acquire(IDS.newer), 'window A runs it');
    const quiet = generating(IDS.newer, '2026-11-24T10:59:30.000Z');

    assert.deepEqual(await rowsOfB([quiet], b), [{ kind: 'running', words: 'Generating in another window…' }]);
    const outcome = await deleteRun(quiet, {
      isRunningAnywhere: (id) => b.isRunning(id),
      confirm: async () => assert.fail('delete asked while the run runs elsewhere'),
      files: { removeFolder: async () => assert.fail('removed a running run') },
    });
    assert.equal(outcome, 'running');
  });

  it('reads a record written 5 s ago whose lease is gone, or stale, as not finished, and delete asks', async () => {
    const a = windowOn('window-a');
    // B's clock is 30 s ahead of A's last heartbeat: A's lease on the older run has gone stale.
    const b = windowOn('window-b', () => Date.now() + 30_000);
    assert.ok(await a.acquire(IDS.older));
    a.dispose();
    const released = generating(IDS.newer, '2026-11-24T11:00:25.000Z');
    const abandoned = generating(IDS.older, '2026-11-24T11:00:25.000Z');

    const states = await rowsOfB([released, abandoned], b);
    assert.deepEqual(states.map((state) => state.kind), ['unfinished', 'unfinished']);
    let asked = 0;
    const outcome = await deleteRun(released, {
      isRunningAnywhere: (id) => b.isRunning(id),
      confirm: async () => {
        asked++;
        return false;
      },
      files: { removeFolder: async () => undefined },
    });
    assert.deepEqual([outcome, asked], ['declined', 1]);
  });

  it('keeps this window\'s runs its own and asks only of unfinished records', async () => {
    const asked: string[] = [];
    const live = new LiveRuns();
    live.observe(generating(IDS.middle, '2026-11-24T11:00:29.000Z'), {});
    const elsewhere = await runningElsewhereAmong(
      [generating(IDS.middle, '2026-11-24T11:00:29.000Z'), generating(IDS.newer, '2026-11-24T10:00:00.000Z'), historyRecord(IDS.older)],
      {
        isRunningHere: (id) => live.isRunning(id),
        isRunningAnywhere: async (id) => {
          asked.push(id);
          return true;
        },
      },
    );
    assert.deepEqual(asked, [IDS.newer], 'not the run here, not the finished one');
    assert.deepEqual([...elsewhere], [IDS.newer]);
    await live.learnElsewhere([generating(IDS.middle, '2026-11-24T11:00:29.000Z')], async () => true);
    assert.equal(live.isRunningElsewhere(IDS.middle), false, 'a run of this window is never another window\'s');
  });

  it('says nothing is running elsewhere when a lease cannot be read', async () => {
    const elsewhere = await runningElsewhereAmong([generating(IDS.newer, '2026-11-24T11:00:29.000Z')], {
      isRunningHere: () => false,
      isRunningAnywhere: async () => {
        throw new Error('EACCES');
      },
    });
    assert.equal(elsewhere.size, 0);
  });
});
