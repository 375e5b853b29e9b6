import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { GenerationStore } from '../../src/runs/store';
import { isGenerationId, newGenerationId } from '../../src/runs/generationIds';
import { markInterrupted } from '../../src/runs/record';
import type { GenerationRecord } from '../../src/runs/record';
import { nodeStoreFileSystem } from './support/nodeStoreFs';
import { sampleRecord } from './sampleRecord';

function storedRecord(id: string, phase: GenerationRecord['phase'] = 'done'): GenerationRecord {
  return sampleRecord({ id, phase });
}

describe('GenerationStore', () => {
  let root: string;
  let store: GenerationStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-store-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('makes ids that sort by time and pass its own check', () => {
    const a = newGenerationId(new Date('2026-11-23T10:00:00Z'), () => 0.5);
    const b = newGenerationId(new Date('2026-11-23T10:00:01Z'), () => 0.1);
    assert.ok(isGenerationId(a) && isGenerationId(b));
    assert.ok(a < b);
    assert.equal(isGenerationId('../../etc'), false);
  });

  it('orders ids made within the same second by time', () => {
    const earlier = newGenerationId(new Date('2026-11-23T10:00:00.100Z'), () => 0.99);
    const later = newGenerationId(new Date('2026-11-23T10:00:00.900Z'), () => 0.01);
    assert.ok(earlier < later);
  });

  it('saves a record atomically and loads it back', async () => {
    const id = newGenerationId(new Date(), Math.random);
    await store.createFolder(id);
    await store.save(storedRecord(id));
    const loaded = await store.load(id);
    assert.deepEqual(loaded, storedRecord(id));
    const files = await fs.readdir(path.join(root, 'generations', id));
    assert.deepEqual(files, ['record.json'], 'no temporary file is left behind');
  });

  it('keeps the last of several quick saves', async () => {
    const id = newGenerationId(new Date(), Math.random);
    await store.createFolder(id);
    const record = storedRecord(id, 'uploading');
    const writes = ['generating', 'downloading', 'done'].map((phase) => {
      record.phase = phase as GenerationRecord['phase'];
      return store.save(record);
    });
    await Promise.all(writes);
    assert.equal((await store.load(id))?.phase, 'done');
  });

  it('edits a record after this window\'s saves of it have landed, never from the older copy on disk', async () => {
    // A disk slow to finish writes, so the edit's read comes while the failure is still on its way.
    const disk = nodeStoreFileSystem(root);
    const store = new GenerationStore({ ...disk, rename: async (from, to) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return disk.rename(from, to);
    } });
    const id = newGenerationId(new Date(), Math.random);
    await store.createFolder(id);
    const record = storedRecord(id, 'uploading');
    await store.save(record);
    // The run fails and saves; a favourite (or any edit) comes before that write is on disk.
    record.phase = 'failed';
    record.failure = { kind: 'unauthorized', facts: { what: 'key-refused', operation: 'upload', status: 401 }, actions: ['setApiKey'] };
    const failedSaved = store.save(record);
    const edited = await store.update(id, (stored) => {
      stored.favourite = true;
    });
    await failedSaved;
    assert.equal(edited?.phase, 'failed', 'the edit saw the failure');
    const onDisk = await store.load(id);
    assert.equal(onDisk?.phase, 'failed', 'the failure is still on disk');
    assert.equal(onDisk?.favourite, true);
  });

  it('refuses ids that are not ours and records that are corrupt', async () => {
    assert.equal(await store.load('../outside'), undefined);
    const id = newGenerationId(new Date(), Math.random);
    await store.createFolder(id);
    await fs.writeFile(path.join(root, 'generations', id, 'record.json'), '{"version":1,');
    assert.equal(await store.load(id), undefined);
  });

  it('finds the latest generation', async () => {
    const older = newGenerationId(new Date('2026-01-01T00:00:00Z'), Math.random);
    const newer = newGenerationId(new Date('2026-06-01T00:00:00Z'), Math.random);
    for (const id of [newer, older]) {
      await store.createFolder(id);
      await store.save(storedRecord(id));
    }
    assert.equal((await store.latest())?.id, newer);
    assert.deepEqual(await store.listIds(), [newer, older]);
  });

  it('marks a cut-off run interrupted and keeps its results', () => {
    const record = storedRecord('20261123T100000-abcdef', 'downloading');
    record.generateStartedAt = 1;
    record.results = [
      { id: 'r1', index: 1, status: 'ready', file: 'variation-1.webp', resultPath: 'a' },
      { id: 'r2', index: 2, status: 'pending', resultPath: 'b' },
    ];
    const marked = markInterrupted(record, new Date());
    assert.equal(marked.phase, 'interrupted');
    assert.equal(marked.results[0].status, 'ready');
    assert.equal(marked.results[1].status, 'failed');
    assert.equal(markInterrupted(storedRecord('20261123T100000-abcdef', 'done'), new Date()).phase, 'done');
  });
});
