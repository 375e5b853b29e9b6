import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { LEASE_STALE_MS, RunLeases } from '../../src/runs/lease';
import { UnfinishedRunFiles } from '../../src/runs/unfinishedRuns';

const ID = '20261129T120000000-abcdef';

/** Makes a window's heartbeat look `ms` old, as when its extension host was killed that long ago. */
async function ageLease(root: string, ms: number): Promise<void> {
  const folder = path.join(root, 'leases', ID);
  const at = new Date(Date.now() - ms);
  for (const name of await fs.readdir(folder)) {
    await fs.utimes(path.join(folder, name), at, at);
  }
}

describe('Run leases: one window owns a running generation', () => {
  let root: string;
  const windows: RunLeases[] = [];
  const window = (owner: string, heartbeatMs?: number) => {
    const leases = new RunLeases({ root, owner, heartbeatMs });
    windows.push(leases);
    return leases;
  };

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-lease-'));
  });
  afterEach(async () => {
    windows.splice(0).forEach((leases) => leases.dispose());
    await fs.rm(root, { recursive: true, force: true });
  });

  it('gives a free run to the first window only, and tells the other it runs in another window', async () => {
    const a = window('a');
    const b = window('b');
    const [first, second] = await Promise.all([a.acquire(ID), b.acquire(ID)]);
    assert.equal([first, second].filter(Boolean).length, 1, 'exactly one window holds it');
    const [holder, other] = first ? [a, b] : [b, a];
    assert.equal(await holder.state(ID), 'mine');
    assert.equal(await other.state(ID), 'live');
    assert.equal(await other.isRunning(ID), true, 'the history can ask whether it runs in some window');
    assert.equal(await other.acquire(ID), undefined, 'a live lease is not taken');
    const names = await fs.readdir(path.join(root, 'leases'));
    assert.deepEqual(names, [ID], 'no staging folder is left behind');
  });

  it('frees the run on release, so another window may take it at once', async () => {
    const a = window('a');
    const b = window('b');
    const lease = await a.acquire(ID);
    await lease!.release();
    assert.equal(lease!.held, false);
    assert.equal(await b.state(ID), 'free');
    assert.equal(await b.isRunning(ID), false);
    assert.ok(await b.acquire(ID));
  });

  it('frees the run synchronously for an extension host that is ending', async () => {
    const lease = await window('a').acquire(ID);
    lease!.releaseNow();
    assert.equal(lease!.held, false);
    assert.equal(await window('b').state(ID), 'free');
  });

  it('keeps a lease fresh with its heartbeat', async () => {
    const a = window('a', 20);
    const b = window('b');
    await a.acquire(ID);
    await ageLease(root, LEASE_STALE_MS + 1_000);
    assert.equal(await b.state(ID), 'stale');
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(await b.state(ID), 'live', 'the heartbeat touched it again');
  });

  it('lets exactly one of many windows take over a stale lease, and the old holder learns it lost it', async () => {
    const crashed = window('crashed');
    const old = await crashed.acquire(ID);
    crashed.dispose(); // its heartbeat stops, as when the extension host dies
    await ageLease(root, LEASE_STALE_MS + 1_000);
    const contenders = ['b', 'c', 'd', 'e', 'f'].map((name) => window(name));
    for (const contender of contenders) {
      assert.equal(await contender.state(ID), 'stale');
    }
    const leases = await Promise.all(contenders.map((contender) => contender.acquire(ID)));
    assert.equal(leases.filter(Boolean).length, 1, 'one window took it over');
    const winner = contenders[leases.findIndex(Boolean)];
    for (const contender of contenders) {
      assert.equal(await contender.state(ID), contender === winner ? 'mine' : 'live');
    }
    assert.equal(await old!.confirm(), false, 'the old holder sees it is no longer the owner');
    assert.equal(old!.held, false);
  });

  it('tells a holder that stalled past the limit that it lost the lease, at its next heartbeat', async () => {
    const slow = window('slow', 300);
    const lease = await slow.acquire(ID);
    let lost = false;
    lease!.onLost(() => {
      lost = true;
    });
    // Its heartbeat looks 21 s old, and another window takes the run over before the next one.
    await ageLease(root, LEASE_STALE_MS + 1_000);
    const taker = window('taker');
    assert.ok(await taker.acquire(ID));
    assert.equal(lost, false, 'nothing tells it until it looks');
    await new Promise((resolve) => setTimeout(resolve, 450));
    assert.equal(lost, true);
    assert.equal(lease!.held, false);
    assert.equal(await taker.state(ID), 'mine');
    assert.equal(await slow.state(ID), 'live', 'the slow window now sees the run as running elsewhere');
  });

  it('removes the moved-aside stale lease when the run ends', async () => {
    const crashed = window('crashed');
    await crashed.acquire(ID);
    crashed.dispose();
    await ageLease(root, LEASE_STALE_MS + 1_000);
    const lease = await window('b').acquire(ID);
    assert.ok(lease);
    assert.equal((await fs.readdir(path.join(root, 'leases'))).length, 2, 'the lease and the stale one moved aside');
    await lease.release();
    assert.deepEqual(await fs.readdir(path.join(root, 'leases')), []);
  });
});

describe('The list of unfinished runs', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-unfinished-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('lists the runs that started and did not end, oldest first, with edits from two windows kept', async () => {
    const a = new UnfinishedRunFiles(root);
    const b = new UnfinishedRunFiles(root);
    assert.deepEqual(await a.list(), [], 'nothing before the first run');
    const later = '20261129T120000001-bbbbbb';
    await Promise.all([a.add(later), b.add(ID)]);
    assert.deepEqual(await b.list(), [ID, later]);
    await Promise.all([a.remove(ID), b.add('../../etc/passwd')]);
    assert.deepEqual(await a.list(), [later], 'a name that is not a generation id is never written');
  });
});
