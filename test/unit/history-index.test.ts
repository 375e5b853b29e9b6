import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryIndex, type IndexLock } from '../../src/history/indexedRecords';
import { INDEX_FILE, nodeIndexFileSystem, type IndexFileSystem } from '../../src/history/indexFs';
import { listRecords } from '../../src/history/listing';
import { GenerationStore } from '../../src/runs/store';
import { historyRecord, IDS } from './history-support';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

/** A lock that records when it is held, so a test can see the index written inside it. */
class WatchedLock implements IndexLock {
  held = false;
  taken = 0;
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    assert.equal(this.held, false, 'not re-entered');
    this.held = true;
    this.taken++;
    try {
      return await work();
    } finally {
      this.held = false;
    }
  }
}

describe('history: the index', () => {
  let root: string;
  let store: GenerationStore;
  let loads: string[];
  let lock: WatchedLock;
  let indexWrites: number;
  let opened: HistoryIndex[];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-index-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    lock = new WatchedLock();
    indexWrites = 0;
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((index) => index.flushed()));
    await fs.rm(root, { recursive: true, force: true });
  });

  /** A window's index: each `new` is what another window (or a reload) starts with. */
  function windowIndex(log: string[] = []): HistoryIndex {
    loads = [];
    const files = nodeIndexFileSystem(root);
    const watched: IndexFileSystem = {
      ...files,
      writeIndex: (bytes) => {
        assert.ok(lock.held, 'the index is written under the store lock');
        indexWrites++;
        return files.writeIndex(bytes);
      },
    };
    const index = new HistoryIndex({
      fs: watched,
      load: (id) => {
        loads.push(id);
        return store.load(id);
      },
      lock,
      log: (message) => log.push(message),
    });
    opened.push(index);
    return index;
  }

  async function storeRun(id: string, createdAt: string): Promise<void> {
    await store.createFolder(id);
    await store.save(historyRecord(id, { createdAt }));
  }

  async function threeRuns(): Promise<void> {
    await storeRun(IDS.older, '2026-11-22T09:00:00.000Z');
    await storeRun(IDS.middle, '2026-11-23T10:00:00.000Z');
    await storeRun(IDS.newer, '2026-11-24T11:00:00.000Z');
  }

  const ids = async (index: HistoryIndex) => (await listRecords(index)).map((record) => record.id);

  it('reads every record once when there is no index (0.1.0 storage), then writes one', async () => {
    await threeRuns();
    const index = windowIndex();
    assert.deepEqual(await ids(index), [IDS.newer, IDS.middle, IDS.older]);
    assert.deepEqual([...loads].sort(), [IDS.older, IDS.middle, IDS.newer]);
    await index.flushed();
    assert.equal(indexWrites, 1);
    const written = JSON.parse(await fs.readFile(path.join(root, INDEX_FILE), 'utf8')) as { entries: unknown[] };
    assert.equal(written.entries.length, 3);
    assert.deepEqual(await fs.readdir(root).then((names) => names.filter((n) => n.endsWith('.tmp'))), [], 'no temporary file left');
  });

  it('another window (or the next activation) reads the index file and no record', async () => {
    await threeRuns();
    const first = windowIndex();
    await ids(first);
    await first.flushed();
    const second = windowIndex();
    assert.deepEqual(await ids(second), [IDS.newer, IDS.middle, IDS.older]);
    assert.deepEqual(loads, []);
    assert.equal(second.report?.indexRead, true);
    await second.flushed();
    assert.equal(indexWrites, 1, 'nothing changed: not written again');
  });

  it('reads only a record that changed and one that is new; a removed folder leaves the list', async () => {
    await threeRuns();
    const index = windowIndex();
    await ids(index);
    await index.flushed();
    loads.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 20)); // a later mtime on every file system
    await store.save(historyRecord(IDS.middle, { createdAt: '2026-11-23T10:00:00.000Z', phase: 'failed' }));
    const newest = '20261125T120000000-dddddd';
    await storeRun(newest, '2026-11-25T12:00:00.000Z');
    await fs.rm(path.join(root, 'generations', IDS.older), { recursive: true });
    const records = await listRecords(index);
    assert.deepEqual(records.map((r) => r.id), [newest, IDS.newer, IDS.middle]);
    assert.equal(records[2].phase, 'failed');
    assert.deepEqual([...loads].sort(), [IDS.middle, newest].sort());
  });

  it('a lost update of the index costs one record read, never a run', async () => {
    await threeRuns();
    const index = windowIndex();
    await ids(index);
    await index.flushed();
    const stale = await fs.readFile(path.join(root, INDEX_FILE));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.save(historyRecord(IDS.newer, { createdAt: '2026-11-24T11:00:00.000Z', phase: 'cancelled' }));
    const other = windowIndex();
    await ids(other);
    await other.flushed();
    // A window that read the index before that write puts its older copy back (its write wins the race).
    await fs.writeFile(path.join(root, INDEX_FILE), stale);
    const next = windowIndex();
    const records = await listRecords(next);
    assert.deepEqual(records.map((r) => r.id), [IDS.newer, IDS.middle, IDS.older]);
    assert.equal(records[0].phase, 'cancelled');
    assert.deepEqual(loads, [IDS.newer]);
  });

  it('a run folder without a record yet (being created) is left out until its record is there', async () => {
    await threeRuns();
    const creating = '20261125T120000000-dddddd';
    await store.createFolder(creating);
    const index = windowIndex();
    assert.equal((await ids(index)).includes(creating), false);
    await store.save(historyRecord(creating, { createdAt: '2026-11-25T12:00:00.000Z' }));
    assert.equal((await ids(index))[0], creating);
  });

  it('reads every record again when the index file is damaged, and writes it anew', async () => {
    await threeRuns();
    await fs.writeFile(path.join(root, INDEX_FILE), '{"version": 1, "entries": [');
    const log: string[] = [];
    const index = windowIndex(log);
    assert.deepEqual(await ids(index), [IDS.newer, IDS.middle, IDS.older]);
    assert.equal(loads.length, 3);
    assert.match(log.join('\n'), /index could not be read/);
    await index.flushed();
    assert.equal(indexWrites, 1);
  });

  it('lists a version-1 record (0.1.0) from its file and from the index alike', async () => {
    const versionOne = { ...historyRecord(IDS.older, { createdAt: '2026-11-22T09:00:00.000Z' }), version: 1 };
    await fs.mkdir(path.join(root, 'generations', IDS.older), { recursive: true });
    await fs.writeFile(path.join(root, 'generations', IDS.older, 'record.json'), JSON.stringify(versionOne));
    const first = windowIndex();
    assert.deepEqual((await listRecords(first)).map((r) => [r.id, r.version]), [[IDS.older, 1]]);
    await first.flushed();
    const second = windowIndex();
    assert.deepEqual((await listRecords(second)).map((r) => [r.id, r.version]), [[IDS.older, 1]]);
    assert.deepEqual(loads, []);
  });

  it('measures the bytes of each folder once for the cap, and keeps them in the index', async () => {
    await threeRuns();
    await store.writeFile(IDS.older, 'variation-1.webp', new Uint8Array(5000));
    const index = windowIndex();
    const entries = await index.entriesWithBytes();
    const older = entries.find((entry) => entry.record.id === IDS.older);
    const recordBytes = (await fs.stat(path.join(root, 'generations', IDS.older, 'record.json'))).size;
    assert.equal(older?.bytes, 5000 + recordBytes);
    await index.flushed();
    const next = windowIndex();
    assert.equal((await next.entriesWithBytes()).find((entry) => entry.record.id === IDS.older)?.bytes, 5000 + recordBytes);
  });

  it('the listing calls onListed with the records, newest first', async () => {
    await threeRuns();
    const index = windowIndex();
    let listed: string[] = [];
    await listRecords({ readAll: () => index.readAll(), onListed: (records) => (listed = records.map((r) => r.id)) });
    assert.deepEqual(listed, [IDS.newer, IDS.middle, IDS.older]);
  });
});
