import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { GenerationStore } from '../../src/runs/store';
import { nodeLockFileSystem, nodeStoreLock } from '../../src/runs/nodeStoreFs';
import { StoreLock } from '../../src/runs/storeLock';
import { markResultSaved } from '../../src/runs/recordEdits';
import { nodeStoreFileSystem } from './support/nodeStoreFs';
import { sampleRecord } from './sampleRecord';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('StoreLock: edits of stored records shared by windows', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-lock-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('lets only one of two windows hold the lock at a time', async () => {
    const windowA = nodeStoreLock(root);
    const windowB = nodeStoreLock(root);
    let holders = 0;
    let most = 0;
    const hold = async () => {
      holders++;
      most = Math.max(most, holders);
      await sleep(5);
      holders--;
    };
    await Promise.all([0, 1, 2, 3, 4].flatMap(() => [windowA.withLock(hold), windowB.withLock(hold)]));
    assert.equal(most, 1);
    assert.equal(holders, 0);
  });

  it('releases the lock when the work throws', async () => {
    const lock = nodeStoreLock(root);
    await assert.rejects(lock.withLock(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await lock.withLock(() => Promise.resolve('next')), 'next');
    await assert.rejects(fs.stat(path.join(root, 'locks', 'store')), { code: 'ENOENT' });
  });

  it('takes over a lock left by a window that died, once it is stale', async () => {
    await fs.mkdir(path.join(root, 'locks', 'store'), { recursive: true });
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(path.join(root, 'locks', 'store'), past, past);
    const lock = nodeStoreLock(root);
    assert.equal(await lock.withLock(() => Promise.resolve('taken over')), 'taken over');
    assert.deepEqual(await fs.readdir(path.join(root, 'locks')), []);
  });

  it('waits for a fresh lock held by another window instead of taking it', async () => {
    await fs.mkdir(path.join(root, 'locks', 'store'), { recursive: true });
    let clock = Date.now();
    const lock = new StoreLock(nodeLockFileSystem(root), {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        await Promise.resolve();
      },
      timeoutMs: 2_000,
      staleAfterMs: 10_000,
      uniqueSuffix: () => 'test',
    });
    await assert.rejects(lock.withLock(() => Promise.resolve('never')), /locked by another window/);
    await fs.stat(path.join(root, 'locks', 'store'));
  });

  it('keeps both windows\u2019 edits of one record (no lost update)', async () => {
    const writer = new GenerationStore(nodeStoreFileSystem(root), nodeStoreLock(root));
    const record = sampleRecord({ id: '20261129T100000000-abcdef', phase: 'done' });
    record.results = [1, 2, 3, 4].map((index) => ({ id: `r${index}`, index, status: 'ready' as const, file: `variation-${index}.png` }));
    await writer.createFolder(record.id);
    await writer.save(record);
    const windows = [writer, new GenerationStore(nodeStoreFileSystem(root), nodeStoreLock(root))];
    await Promise.all(
      record.results.map((result, i) =>
        windows[i % 2].update(record.id, markResultSaved(result.id, `saved-${result.index}.png`, `file:///w/saved-${result.index}.png`)),
      ),
    );
    const stored = await writer.load(record.id);
    assert.deepEqual(stored?.results.map((r) => r.savedTo), ['saved-1.png', 'saved-2.png', 'saved-3.png', 'saved-4.png']);
  });

  it('does not write when the edit changes nothing, and says when there is no record', async () => {
    const fileSystem = nodeStoreFileSystem(root);
    const store = new GenerationStore(fileSystem, nodeStoreLock(root));
    const record = sampleRecord({ id: '20261129T100000000-abcdeg', phase: 'done' });
    await store.createFolder(record.id);
    await store.save(record);
    const writesBefore = fileSystem.writes.length;
    await store.update(record.id, markResultSaved('no-such-result', 'x.png', 'file:///x.png'));
    assert.equal(fileSystem.writes.length, writesBefore);
    assert.equal(await store.update('20261129T100000000-zzzzzz', () => undefined), undefined);
  });
});
