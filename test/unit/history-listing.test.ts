import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { listRecords, newestFirst } from '../../src/history/listing';
import { GenerationStore } from '../../src/runs/store';
import { historyRecord, IDS } from './history-support';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

describe('history: listing the stored runs', () => {
  let root: string;
  let store: GenerationStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-history-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('lists every readable run, newest first, and leaves out folders without a readable record', async () => {
    await store.createFolder(IDS.older);
    await store.save(historyRecord(IDS.older, { createdAt: '2026-11-22T09:00:00.000Z' }));
    await store.createFolder(IDS.newer);
    await store.save(historyRecord(IDS.newer, { createdAt: '2026-11-24T11:00:00.000Z' }));
    await store.createFolder(IDS.middle); // a run being created: no record yet
    await fs.mkdir(path.join(root, 'generations', 'not-a-run'));
    const listed = await listRecords(store);
    assert.deepEqual(listed.map((record) => record.id), [IDS.newer, IDS.older]);
  });

  it('lists a record written by 0.1.0 (version 1) beside version-2 ones', async () => {
    const versionOne = {
      ...historyRecord(IDS.older, { createdAt: '2026-11-22T09:00:00.000Z' }),
      version: 1,
      failure: { message: 'Die Variationen konnten nicht geladen werden.', kind: 'download-failed', actions: ['showLog'] },
      phase: 'failed',
    };
    await fs.mkdir(path.join(root, 'generations', IDS.older), { recursive: true });
    await fs.writeFile(path.join(root, 'generations', IDS.older, 'record.json'), JSON.stringify(versionOne));
    await store.createFolder(IDS.newer);
    await store.save(historyRecord(IDS.newer, { createdAt: '2026-11-24T11:00:00.000Z' }));
    const listed = await listRecords(store);
    assert.deepEqual(listed.map((record) => [record.id, record.version]), [[IDS.newer, 2], [IDS.older, 1]]);
  });

  it('lists nothing when there is no generations folder', async () => {
    assert.deepEqual(await listRecords(store), []);
  });

  it('orders by start time, then by id, and puts unreadable times last', () => {
    const sorted = newestFirst([
      historyRecord(IDS.older, { createdAt: 'garbage' }),
      historyRecord(IDS.middle, { createdAt: '2026-11-23T10:00:00.000Z' }),
      historyRecord(IDS.newer, { createdAt: '2026-11-23T10:00:00.000Z' }),
      historyRecord('20261101T000000000-dddddd', { createdAt: '2026-11-25T00:00:00.000Z' }),
    ]);
    assert.deepEqual(sorted.map((r) => r.id), ['20261101T000000000-dddddd', IDS.newer, IDS.middle, IDS.older]);
  });
});
