import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GenerationRun, type DescribeFailure, type KnownUploads, type VariationClient } from '../../src/runs/generationRun';
import type { FailureKind, GenerationRecord } from '../../src/runs/record';
import { GenerationStore } from '../../src/runs/store';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const ID = '20261123T100000-abcdef';

function newRecord(numOutputs: number): GenerationRecord {
  return {
    version: 2, id: ID, createdAt: '', updatedAt: '',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 4, height: 3, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'png', aspect_ratio: '1:1', num_outputs: numOutputs, num_inference_steps: 28, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'http://127.0.0.1:1', phase: 'queued', results: [],
  };
}

class TestFailure extends Error {
  constructor(readonly kind: FailureKind, readonly charged = false) {
    super(`failure: ${kind}`);
  }
}

const describeFailure: DescribeFailure = (error) => ({
  kind: error instanceof TestFailure ? error.kind : 'internal',
  facts: { what: 'internal' },
  logText: error instanceof Error ? error.message : String(error),
  actions: ['showLog'],
  cancelled: error instanceof TestFailure && error.kind === 'cancelled',
  unknownAsset: error instanceof TestFailure && error.kind === 'unknown-asset',
});

function fakeClient(overrides: Partial<VariationClient> & { paths?: string[] } = {}): VariationClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    uploadAsset: overrides.uploadAsset ?? (async (_file, opts) => {
      calls.push('upload');
      opts?.onProgress?.(5, 10);
      opts?.onProgress?.(10, 10);
      return { path: 'images/cat.png' };
    }),
    generateVariations: overrides.generateVariations ?? (async () => {
      calls.push('generate');
      return { recordId: 'rec-1', resultPaths: overrides.paths ?? ['a.undefined', 'b.undefined'], credits: { used: 5, limit: 100 } };
    }),
    downloadResult: overrides.downloadResult ?? (async (p) => {
      calls.push(`download ${p}`);
      return { bytes: new TextEncoder().encode(`image ${p}`), format: 'png', width: 1024, height: 1024, extension: 'png' };
    }),
  };
}

describe('GenerationRun', () => {
  let root: string;
  let store: GenerationStore;
  let phasesSeenOnDisk: string[];
  let reportedBeforeStored: string[];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-run-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    await store.createFolder(ID);
    phasesSeenOnDisk = [];
    reportedBeforeStored = [];
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  function makeRun(record: GenerationRecord, client: VariationClient) {
    return new GenerationRun(record, { bytes: new Uint8Array([1]), fileName: 'cat.png', mimeType: 'image/png' }, {
      client, store, now: () => 1000, log: () => undefined,
      onChange: (changed) => {
        phasesSeenOnDisk.push(changed.phase);
        for (const result of changed.results) {
          if (result.status === 'ready' && !existsSync(path.join(root, 'generations', ID, result.file!))) {
            reportedBeforeStored.push(result.id);
          }
        }
      },
    }, describeFailure);
  }

  it('stores every result on disk before reporting it, then finishes', async () => {
    const client = fakeClient();
    const record = newRecord(2);
    const run = makeRun(record, client);
    await run.execute(new AbortController().signal);
    assert.equal(record.phase, 'done');
    assert.equal(record.recordId, 'rec-1');
    assert.deepEqual(record.credits, { used: 5, limit: 100 });
    for (const result of record.results) {
      assert.equal(result.status, 'ready');
      const onDisk = await fs.readFile(path.join(root, 'generations', ID, result.file!), 'utf8');
      assert.equal(onDisk, `image ${result.resultPath}`);
    }
    const stored = await store.load(ID);
    assert.equal(stored?.phase, 'done');
    assert.deepEqual(reportedBeforeStored, []);
    assert.ok(phasesSeenOnDisk.includes('generating') && phasesSeenOnDisk.includes('downloading'));
  });

  it('writes "generating" to disk before the paid call goes out', async () => {
    const record = newRecord(1);
    let phaseOnDiskDuringCall: string | undefined;
    const client = fakeClient({
      generateVariations: async () => {
        phaseOnDiskDuringCall = (await store.load(ID))?.phase;
        return { resultPaths: ['a'] };
      },
    });
    await makeRun(record, client).execute(new AbortController().signal);
    assert.equal(phaseOnDiskDuringCall, 'generating');
    assert.equal((await store.load(ID))?.generateStartedAt, 1000);
  });

  it('keeps the presigned link’s signature in memory: downloads use it, the record on disk has only the path', async () => {
    const signed = 'https://s3.us-east-1.amazonaws.com/asset.1min.ai/images/a.undefined?X-Amz-Signature=s3cr3t&X-Amz-Expires=604800';
    const given: Array<string | undefined> = [];
    let failB = true;
    const client = fakeClient({
      generateVariations: async () => ({ recordId: 'rec-1', resultPaths: ['images/a.undefined', 'images/b.undefined'], temporaryUrl: signed }),
      downloadResult: async (p, temporaryUrl) => {
        given.push(temporaryUrl);
        if (p.endsWith('b.undefined') && failB) {
          throw new TestFailure('download-failed');
        }
        return { bytes: new Uint8Array([1]), format: 'png', width: 8, height: 8, extension: 'png' };
      },
    });
    const record = newRecord(2);
    const run = makeRun(record, client);
    await run.execute(new AbortController().signal);
    failB = false;
    await run.retryDownload('r2');
    assert.deepEqual(given, [signed, signed, signed], 'the run and its retry use the signed link');
    const onDisk = await fs.readFile(path.join(root, 'generations', ID, 'record.json'), 'utf8');
    assert.equal(onDisk.includes('s3cr3t') || onDisk.includes('X-Amz'), false, onDisk);
    assert.equal((await store.load(ID))?.temporaryUrl, 'https://s3.us-east-1.amazonaws.com/asset.1min.ai/images/a.undefined');
  });

  it('treats fewer results than asked as withheld, not failed', async () => {
    const record = newRecord(3);
    await makeRun(record, fakeClient({ paths: ['only-one'] })).execute(new AbortController().signal);
    assert.equal(record.phase, 'done');
    assert.equal(record.withheld, 2);
    assert.equal(record.results.length, 1);
  });

  it('keeps the results that arrived when one download fails, and retries it later', async () => {
    const record = newRecord(2);
    let failB = true;
    const client = fakeClient({
      downloadResult: async (p) => {
        if (p === 'b.undefined' && failB) {
          throw new TestFailure('download-failed');
        }
        return { bytes: new Uint8Array([1, 2, 3]), format: 'webp', width: 8, height: 8, extension: 'webp' };
      },
    });
    const run = makeRun(record, client);
    await run.execute(new AbortController().signal);
    assert.equal(record.phase, 'done');
    assert.equal(record.results[0].status, 'ready');
    assert.equal(record.results[1].status, 'failed');
    failB = false;
    await run.retryDownload('r2');
    assert.equal(record.results[1].status, 'ready');
    assert.equal((await store.load(ID))?.results[1].status, 'ready');
  });

  it('uploads again once when the server forgot the asset', async () => {
    const record = newRecord(1);
    let generateCalls = 0;
    const client = fakeClient({
      generateVariations: async () => {
        generateCalls++;
        if (generateCalls === 1) {
          throw new TestFailure('unknown-asset');
        }
        return { resultPaths: ['a'] };
      },
    });
    await makeRun(record, client).execute(new AbortController().signal);
    assert.equal(generateCalls, 2);
    assert.equal(client.calls.filter((c) => c === 'upload').length, 2);
    assert.equal(record.phase, 'done');
  });

  it('records a failure with its words and keeps the record', async () => {
    const record = newRecord(1);
    await makeRun(record, fakeClient({ generateVariations: async () => { throw new TestFailure('server-error'); } }))
      .execute(new AbortController().signal);
    assert.equal(record.phase, 'failed');
    assert.equal(record.failure?.kind, 'server-error');
    assert.equal((await store.load(ID))?.phase, 'failed');
  });

  it('ends as cancelled, remembering that the paid call had started', async () => {
    const record = newRecord(1);
    await makeRun(record, fakeClient({ generateVariations: async () => { throw new TestFailure('cancelled'); } }))
      .execute(new AbortController().signal);
    assert.equal(record.phase, 'cancelled');
    assert.equal(record.generateStartedAt, 1000);
  });
});

describe('GenerationRun with known uploads', () => {
  let root: string;
  let store: GenerationStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-run-uploads-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    await store.createFolder(ID);
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  function makeRun(record: GenerationRecord, client: VariationClient, uploads: KnownUploads) {
    return new GenerationRun(record, { bytes: new Uint8Array([1]), fileName: 'cat.png', mimeType: 'image/png' }, {
      client, store, now: () => 1, log: () => undefined, onChange: () => undefined, hash: () => 'h', uploads,
    }, describeFailure);
  }

  it('reuses a known upload and uploads again when the server forgot it', async () => {
    const known = new Map<string, string>([['h', 'images/old.png']]);
    const seen: string[] = [];
    const client = fakeClient({
      generateVariations: async (req) => {
        seen.push(req.imageUrl);
        if (req.imageUrl === 'images/old.png') {
          throw new TestFailure('unknown-asset');
        }
        return { resultPaths: ['a'] };
      },
    });
    const record = newRecord(1);
    const run = makeRun(record, client, {
      account: async () => 'acct',
      lookup: (a, h) => (a === 'acct' ? known.get(h) : undefined),
      remember: async (a, h, p) => { known.set(h, p); },
      forget: async (a, h) => { known.delete(h); },
    });
    await run.execute(new AbortController().signal);
    assert.deepEqual(seen, ['images/old.png', 'images/cat.png']);
    assert.equal(client.calls.filter((c) => c === 'upload').length, 1);
    assert.equal(known.get('h'), 'images/cat.png', 'the new path is remembered');
    assert.equal(record.phase, 'done');
  });

  async function runWithPendingUpload(pending: () => Promise<string | undefined> | undefined, signal = new AbortController().signal) {
    const imageUrls: string[] = [];
    let uploads = 0;
    const client = fakeClient({
      // Like the real client: an upload asked for after the cancel ends as "cancelled".
      uploadAsset: async (_file, opts) => {
        uploads++;
        if (opts?.signal?.aborted) {
          throw new TestFailure('cancelled');
        }
        return { path: 'images/cat.png' };
      },
      generateVariations: async (req) => {
        imageUrls.push(req.imageUrl);
        return { resultPaths: ['a'] };
      },
    });
    const record = newRecord(1);
    const run = makeRun(record, client, {
      account: async () => 'acct',
      lookup: () => undefined,
      remember: async () => undefined,
      forget: async () => undefined,
      pending: (a, h) => (a === 'acct' && h === 'h' ? pending() : undefined),
    });
    await run.execute(signal);
    return { record, imageUrls, uploads };
  }

  it('waits for an early upload of the same bytes instead of sending them again', async () => {
    let finishEarly: (path: string) => void = () => undefined;
    const early = new Promise<string>((resolve) => { finishEarly = resolve; });
    const outcome = runWithPendingUpload(() => early);
    setImmediate(() => finishEarly('images/early.png'));
    const { record, imageUrls, uploads } = await outcome;
    assert.deepEqual(imageUrls, ['images/early.png']);
    assert.equal(uploads, 0);
    assert.equal(record.uploadedPath, 'images/early.png');
    assert.equal(record.phase, 'done');
  });

  it('uploads itself when the early upload failed', async () => {
    const { record, imageUrls, uploads } = await runWithPendingUpload(async () => undefined);
    assert.deepEqual(imageUrls, ['images/cat.png']);
    assert.equal(uploads, 1);
    assert.equal(record.phase, 'done');
  });

  it('stops waiting for an early upload when the run is cancelled, and ends cancelled', async () => {
    const controller = new AbortController();
    const never = new Promise<string | undefined>(() => undefined);
    const outcome = runWithPendingUpload(() => {
      setImmediate(() => controller.abort());
      return never;
    }, controller.signal);
    const { record, imageUrls } = await outcome;
    assert.equal(record.phase, 'cancelled');
    assert.deepEqual(imageUrls, [], 'no paid call after the cancel');
  });
});

