import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { GenerationRecord } from '../../src/runs/record';
import { describeResultFailure, describeRunFailure } from '../../src/runs/failureText';
import { GenerationRun, type VariationClient } from '../../src/runs/generationRun';
import { describeFailure } from '../../src/runs/runFailure';
import { GenerationStore } from '../../src/runs/store';
import { StoreWriteError, type StoreWriteFailure, isTransientWriteError, storageFailureReason } from '../../src/runs/storeWrite';
import { storeWriteFailureTeller } from '../../src/runs/storeUpkeep';
import { faultyStoreFileSystem, fsError } from './support/faultyStoreFs';
import { sampleRecord } from './sampleRecord';

const ID = '20261123T100000-abcdef';
const NO_PAUSE = { delaysMs: [0, 0, 0], sleep: async () => undefined };

describe('GenerationStore when global storage refuses a write', () => {
  let root: string;
  let disk: ReturnType<typeof faultyStoreFileSystem>;
  let failures: StoreWriteFailure[];
  let store: GenerationStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-storewrite-'));
    disk = faultyStoreFileSystem(root);
    failures = [];
    store = new GenerationStore(disk, undefined, { retry: NO_PAUSE, onWriteFailure: (failure) => failures.push(failure) });
    await store.createFolder(ID);
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const folderFiles = () => fs.readdir(path.join(root, 'generations', ID));

  it('tries a rename refused for a moment (EBUSY, EPERM) again, and stores the file', async () => {
    let refusals = 2;
    disk.failRename = (to) => (refusals-- > 0 ? fsError(refusals === 1 ? 'EBUSY' : 'EPERM', 'rename', to) : undefined);
    await store.writeFile(ID, 'variation-1.png', new Uint8Array([1, 2, 3]));
    assert.equal(disk.renames.length, 3);
    assert.deepEqual(await folderFiles(), ['variation-1.png'], 'no temporary file is left behind');
    assert.deepEqual(failures, []);
  });

  it('gives up after a few tries, with no temporary file left', async () => {
    disk.failRename = (to) => fsError('EBUSY', 'rename', to);
    await assert.rejects(store.writeFile(ID, 'source.png', new Uint8Array([1])), StoreWriteError);
    assert.equal(disk.renames.length, 4, 'the first try and three more');
    assert.deepEqual(await folderFiles(), []);
  });

  it('does not try a full disk again: the result is kept in memory, readable, and said to be not stored', async () => {
    disk.failWrite = (p) => (p.includes('variation-') ? fsError('ENOSPC', 'write', p) : undefined);
    const written = await store.writeResult(ID, 'variation-1.png', new Uint8Array([7, 7]));
    assert.deepEqual(written, { stored: false, reason: 'disk-full' });
    assert.equal(disk.writes.filter((p) => p.includes('variation-1')).length, 1, 'a full disk is not tried again');
    assert.deepEqual(await folderFiles(), [], 'the short temporary file was removed');
    assert.deepEqual(await store.readFile(ID, 'variation-1.png'), new Uint8Array([7, 7]), 'Save and Save As… read it from memory');
    assert.deepEqual(failures, [{ kind: 'result-held', generationId: ID, fileName: 'variation-1.png', reason: 'disk-full' }]);
  });

  it('refuses a record write before the paid call is on disk, so no paid call goes out unrecorded', async () => {
    disk.failWrite = (p) => fsError('ENOSPC', 'write', p);
    const record = sampleRecord({ id: ID, phase: 'generating', generateStartedAt: 5 });
    const refused = await store.save(record).then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof StoreWriteError);
    const description = describeFailure(refused);
    assert.deepEqual(description.facts, { what: 'storage-failed', reason: 'disk-full' });
  });

  it('keeps the newest record in memory once the paid call is on disk; the one on disk stays whole', async () => {
    const record: GenerationRecord = sampleRecord({ id: ID, phase: 'generating', generateStartedAt: 5, results: [] });
    await store.save(record);
    disk.failWrite = (p) => fsError('ENOSPC', 'write', p);
    record.phase = 'downloading';
    await store.save(record);
    record.phase = 'done';
    await store.save(record);
    assert.equal((await store.load(ID))?.phase, 'done', 'this window reads the newest');
    const onDisk = await new GenerationStore(faultyStoreFileSystem(root)).load(ID);
    assert.equal(onDisk?.phase, 'generating', 'another window reads the last whole record');
    assert.deepEqual(failures.map((f) => f.kind), ['record-held'], 'said once, not at every save');
    assert.deepEqual(await folderFiles(), ['record.json']);

    disk.failWrite = undefined;
    await store.save(record);
    assert.equal((await new GenerationStore(faultyStoreFileSystem(root)).load(ID))?.phase, 'done', 'written once there is room');
  });

  it('reads a result that only a closed window had in memory as failed, with the reason, for Retry download', async () => {
    const record = sampleRecord({
      id: ID,
      phase: 'done',
      results: [
        { id: 'r1', index: 1, status: 'ready', resultPath: 'a.png', file: 'variation-1.png', format: 'png', notStored: 'disk-full' },
      ],
    });
    disk.failWrite = (p) => (p.includes('variation-') ? fsError('ENOSPC', 'write', p) : undefined);
    await store.writeResult(ID, 'variation-1.png', new Uint8Array([7]));
    await store.save(record);
    assert.equal((await store.load(ID))?.results[0].status, 'ready', 'this window still has its bytes');

    const later = await new GenerationStore(faultyStoreFileSystem(root)).load(ID);
    assert.deepEqual(later?.results[0], {
      id: 'r1', index: 1, status: 'failed', resultPath: 'a.png', format: 'png',
      failure: { kind: 'internal', facts: { what: 'not-stored', reason: 'disk-full' } },
    });
  });
});

describe('storage failures in words', () => {
  it('tells transient codes from lasting ones, through node:fs and workspace.fs alike', () => {
    assert.equal(isTransientWriteError(fsError('EBUSY', 'rename', 'x')), true);
    assert.equal(isTransientWriteError(fsError('EPERM', 'rename', 'x')), true);
    assert.equal(isTransientWriteError(Object.assign(new Error('EPERM: operation not permitted'), { code: 'NoPermissions' })), true);
    assert.equal(isTransientWriteError(fsError('ENOSPC', 'write', 'x')), false);
    assert.equal(isTransientWriteError(new Error('boom')), false);
    assert.equal(storageFailureReason(new Error("ENOSPC: no space left on device, write '/x'")), 'disk-full');
    assert.equal(storageFailureReason(fsError('EROFS', 'open', 'x')), 'no-permission');
  });

  it('says once per run that a result is kept in memory, naming the source and what still works', async () => {
    const warnings: string[] = [];
    const tell = storeWriteFailureTeller(
      { load: async () => sampleRecord({ id: ID, source: { ...sampleRecord().source, name: 'harbour.png' } }) },
      { warn: (message) => warnings.push(message), log: () => undefined },
    );
    await tell({ kind: 'result-held', generationId: ID, fileName: 'variation-1.png', reason: 'disk-full' });
    await tell({ kind: 'result-held', generationId: ID, fileName: 'variation-2.png', reason: 'disk-full' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /harbour\.png/);
    assert.match(warnings[0], /the disk is full/);
    assert.match(warnings[0], /Save As…/);
  });

  it('words a result lost with its window, and a run stopped before the paid call', () => {
    const words = describeResultFailure({
      id: 'r1', index: 1, status: 'failed', failure: { kind: 'internal', facts: { what: 'not-stored', reason: 'disk-full' } },
    });
    assert.match(words ?? '', /could not be stored: the disk is full/);
    assert.match(words ?? '', /Retry download/);
    const stopped = describeRunFailure({ kind: 'internal', actions: [], facts: { what: 'storage-failed', reason: 'no-permission' } });
    assert.match(stopped, /stopped before the paid call/);
    assert.match(stopped, /read-only or you lack permission/);
    assert.match(stopped, /No credits were spent/);
  });
});

describe('a run whose results meet a full disk', () => {
  let root: string;
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('keeps the results that arrived, ends done, and leaves a record another window reads consistently', async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-fulldisk-'));
    const disk = faultyStoreFileSystem(root);
    const failures: StoreWriteFailure[] = [];
    const store = new GenerationStore(disk, undefined, { retry: NO_PAUSE, onWriteFailure: (failure) => failures.push(failure) });
    await store.createFolder(ID);
    const client: VariationClient = {
      uploadAsset: async () => ({ path: 'images/cat.png' }),
      generateVariations: async () => {
        // The disk fills up while the server works: from now on only the first result fits.
        disk.failWrite = (p) => (p.includes('variation-2') || p.includes('record.json') ? fsError('ENOSPC', 'write', p) : undefined);
        return { recordId: 'rec-1', resultPaths: ['a.png', 'b.png'] };
      },
      downloadResult: async (p) => ({ bytes: new TextEncoder().encode(`image ${p}`), format: 'png', width: 8, height: 8, extension: 'png' }),
    };
    const record = sampleRecord({ id: ID, phase: 'queued', options: { num_outputs: 2 } });
    const run = new GenerationRun(record, { bytes: new Uint8Array([1]), fileName: 'cat.png', mimeType: 'image/png' }, {
      client, store, now: () => 1000, log: () => undefined, onChange: () => undefined,
    }, describeFailure);
    const finished = await run.execute(new AbortController().signal);

    assert.equal(finished.phase, 'done');
    assert.deepEqual(finished.results.map((r) => [r.status, r.notStored]), [['ready', undefined], ['ready', 'disk-full']]);
    assert.deepEqual(new TextDecoder().decode(await store.readFile(ID, 'variation-2.png')), 'image b.png', 'the second is kept in memory');
    assert.deepEqual(failures.map((f) => f.kind).sort(), ['record-held', 'result-held']);
    const files = await fs.readdir(path.join(root, 'generations', ID));
    assert.deepEqual(files.sort(), ['record.json', 'variation-1.png'], 'no temporary file is left behind');

    const onDisk = await new GenerationStore(faultyStoreFileSystem(root)).load(ID);
    assert.equal(onDisk?.phase, 'generating', 'the last whole record: the paid call went out, no result is claimed');
  });
});
