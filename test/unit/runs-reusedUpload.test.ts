/**
 * A path the run did not upload itself (from the upload cache or an early upload) belongs to one
 * account, and a 403 to the features call naming it is answered like an unknown upload: upload
 * once more and send the refused paid call once more; never after a failure that may have run.
 */
import type { FailureKind } from '../../src/runs/record';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isFluxReduxError } from '../../src/api/errors';
import { GenerationRun, type DescribeFailure, type KnownUploads, type VariationClient } from '../../src/runs/generationRun';
import type { GenerationRecord } from '../../src/runs/record';
import { GenerationStore } from '../../src/runs/store';
import { contentHash, UploadCache } from '../../src/runs/uploadCache';
import { type Emulator, startEmulator } from '../emulator';
import { emulatorClient, pngBytes } from './api-helpers';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

function newRecord(id: string, apiOrigin = 'http://127.0.0.1:1'): GenerationRecord {
  return {
    version: 1, id, createdAt: '', updatedAt: '',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 64, height: 48, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'webp', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 4, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '0.25' },
    apiOrigin, phase: 'queued', results: [],
  };
}

class TestFailure extends Error {
  constructor(readonly kind: string) {
    super(`failure: ${kind}`);
  }
}

/** The host's description reduced to what a run reads: the kind, from the real client's errors too. */
const describeFailure: DescribeFailure = (error) => {
  const kind = isFluxReduxError(error) || error instanceof TestFailure ? error.kind : 'internal';
  return {
    kind: kind as FailureKind,
    facts: { what: 'internal' },
    logText: error instanceof Error ? error.message : String(error),
    actions: ['showLog'],
    cancelled: kind === 'cancelled',
    unknownAsset: kind === 'unknown-asset',
  };
};

/** The run remembers its upload without waiting for it. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GenerationRun: reused uploads belong to one account', function () {
  this.timeout(20_000);
  let root: string;
  let store: GenerationStore;
  let runs = 0;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-reused-upload-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  /** A record in a folder of its own, so one test can run several times. */
  async function nextRecord(apiOrigin?: string): Promise<GenerationRecord> {
    const id = `20261123T100000-run${String(runs++).padStart(3, '0')}`;
    await store.createFolder(id);
    return newRecord(id, apiOrigin);
  }

  function makeRun(record: GenerationRecord, client: VariationClient, uploads: KnownUploads, hash: (bytes: Uint8Array) => string = () => 'h') {
    return new GenerationRun(record, { bytes: pngBytes(64, 48), fileName: 'cat.png', mimeType: 'image/png' }, {
      client, store, now: () => 1, log: () => undefined, onChange: () => undefined, hash, uploads,
    }, describeFailure);
  }

  /** A cache in a Map keyed by account and hash, and the account of the key at hand. */
  function accountUploads(entries: Array<[string, string]> = []) {
    const known = new Map<string, string>(entries);
    const key: { account: string | undefined } = { account: 'acct-a' };
    const uploads: KnownUploads = {
      account: async () => key.account,
      lookup: (a, h) => known.get(`${a}#${h}`),
      remember: async (a, h, p) => { known.set(`${a}#${h}`, p); },
      forget: async (a, h) => { known.delete(`${a}#${h}`); },
    };
    return { known, key, uploads };
  }

  /** A client whose features call answers `answer` for each image path it is given, in order. */
  function answeringClient(answer: (imageUrl: string, call: number) => 'ok' | TestFailure) {
    const imageUrls: string[] = [];
    let uploads = 0;
    const client: VariationClient = {
      uploadAsset: async () => {
        uploads++;
        return { path: 'images/cat.png' };
      },
      generateVariations: async (req) => {
        imageUrls.push(req.imageUrl);
        const outcome = answer(req.imageUrl, imageUrls.length);
        if (outcome !== 'ok') {
          throw outcome;
        }
        return { resultPaths: ['a'] };
      },
      downloadResult: async () => ({ bytes: new Uint8Array([1]), format: 'png', width: 1, height: 1, extension: 'png' }),
    };
    return { client, imageUrls, uploads: () => uploads };
  }

  it("never reuses another account's upload, and remembers its own beside it", async () => {
    const { known, key, uploads } = accountUploads([['acct-a#h', 'images/a.png']]);
    key.account = 'acct-b';
    const server = answeringClient(() => 'ok');
    const record = await nextRecord();
    await makeRun(record, server.client, uploads).execute(new AbortController().signal);
    assert.deepEqual(server.imageUrls, ['images/cat.png']);
    assert.equal(server.uploads(), 1);
    await settle();
    assert.equal(known.get('acct-b#h'), 'images/cat.png');
    assert.equal(known.get('acct-a#h'), 'images/a.png');
  });

  it('does not remember an upload when the key changed while it went up', async () => {
    const { known, key, uploads } = accountUploads();
    const server = answeringClient(() => 'ok');
    const client: VariationClient = {
      ...server.client,
      uploadAsset: async () => {
        key.account = 'acct-b';
        return { path: 'images/cat.png' };
      },
    };
    await makeRun(await nextRecord(), client, uploads).execute(new AbortController().signal);
    await settle();
    assert.equal(known.size, 0);
  });

  it('uploads once more when the server refuses a reused upload (HTTP 403), with one more paid call', async () => {
    const { known, uploads } = accountUploads([['acct-a#h', 'images/old.png']]);
    const server = answeringClient((imageUrl) => (imageUrl === 'images/old.png' ? new TestFailure('forbidden') : 'ok'));
    const record = await nextRecord();
    await makeRun(record, server.client, uploads).execute(new AbortController().signal);
    assert.deepEqual(server.imageUrls, ['images/old.png', 'images/cat.png']);
    assert.equal(server.uploads(), 1);
    assert.equal(record.phase, 'done');
    assert.equal(record.uploadedPath, 'images/cat.png');
    await settle();
    assert.equal(known.get('acct-a#h'), 'images/cat.png', 'the refused path is replaced');
  });

  it('fails after the second 403: never a third paid call', async () => {
    const { known, uploads } = accountUploads([['acct-a#h', 'images/old.png']]);
    const server = answeringClient(() => new TestFailure('forbidden'));
    const record = await nextRecord();
    await makeRun(record, server.client, uploads).execute(new AbortController().signal);
    assert.equal(server.imageUrls.length, 2);
    assert.equal(server.uploads(), 1);
    assert.equal(record.phase, 'failed');
    assert.equal(record.failure?.kind, 'forbidden');
    await settle();
    assert.equal(known.get('acct-a#h'), 'images/cat.png');
  });

  it('fails on a 403 to its own fresh upload, without a second paid call', async () => {
    const { uploads } = accountUploads();
    const server = answeringClient(() => new TestFailure('forbidden'));
    const record = await nextRecord();
    await makeRun(record, server.client, uploads).execute(new AbortController().signal);
    assert.equal(server.imageUrls.length, 1);
    assert.equal(record.phase, 'failed');
    assert.equal(record.failure?.kind, 'forbidden');
  });

  it('never sends the paid call again after a failure that may have run it, reused upload or not', async () => {
    const { uploads } = accountUploads([['acct-a#h', 'images/old.png']]);
    const server = answeringClient(() => new TestFailure('server-error'));
    const record = await nextRecord();
    await makeRun(record, server.client, uploads).execute(new AbortController().signal);
    assert.deepEqual(server.imageUrls, ['images/old.png']);
    assert.equal(server.uploads(), 0);
    assert.equal(record.failure?.kind, 'server-error');
  });

  it('uploads without the cache when the account cannot be told', async () => {
    const { uploads } = accountUploads([['acct-a#h', 'images/old.png']]);
    const server = answeringClient(() => 'ok');
    const failing: KnownUploads = { ...uploads, account: async () => { throw new Error('secret storage unavailable'); } };
    const record = await nextRecord();
    await makeRun(record, server.client, failing).execute(new AbortController().signal);
    assert.deepEqual(server.imageUrls, ['images/cat.png']);
    assert.equal(record.phase, 'done');
  });

  describe('a 403 on a cached upload, against the emulator', () => {
    let emulator: Emulator;

    before(async () => {
      emulator = await startEmulator();
    });
    after(() => emulator.close());
    beforeEach(() => emulator.reset());

    function calls(apiPath: string): number {
      return emulator.requests.filter((request) => request.server === 'api' && request.path === apiPath).length;
    }

    /** The real client and the real cache, for one account. */
    function emulatorWorld() {
      const values = new Map<string, unknown>();
      const cache = new UploadCache(
        { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => { values.set(key, value); } },
        () => 1000,
      );
      const origin = emulator.apiBaseUrl;
      const uploads: KnownUploads = {
        account: async () => 'acct-a',
        lookup: (account, hash) => cache.lookup(origin, account, hash),
        remember: (account, hash, p) => cache.remember(origin, account, hash, p),
        forget: (account, hash) => cache.forget(origin, account, hash),
      };
      const client = emulatorClient(emulator);
      return {
        run: async () => {
          const record = await makeRun(await nextRecord(origin), client, uploads, contentHash).execute(new AbortController().signal);
          await settle();
          return record;
        },
      };
    }

    it('uploads once more and sends the refused paid call once more', async () => {
      const world = emulatorWorld();
      const first = await world.run();
      assert.equal(first.phase, 'done', first.failure?.message);
      emulator.reset();
      emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 403 });
      const second = await world.run();
      assert.equal(second.phase, 'done', second.failure?.message);
      assert.equal(calls('/api/features'), 2, 'the refused call and one more');
      assert.equal(calls('/api/assets'), 1);
      assert.notEqual(second.uploadedPath, first.uploadedPath);
      assert.equal(second.results[0].status, 'ready');
      emulator.reset();
      assert.equal((await world.run()).uploadedPath, second.uploadedPath, 'the new path replaced the refused one');
      assert.equal(calls('/api/assets'), 0);
    });

    it('fails when the second paid call is refused too, without a third', async () => {
      const world = emulatorWorld();
      await world.run();
      emulator.reset();
      emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 403, times: 3 });
      const record = await world.run();
      assert.equal(record.phase, 'failed');
      assert.equal(record.failure?.kind, 'forbidden');
      assert.equal(calls('/api/features'), 2);
      assert.equal(calls('/api/assets'), 1);
    });

    it('sends the paid call once only after a 403 to its own upload, or a 5xx to a cached one', async () => {
      const world = emulatorWorld();
      emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 403 });
      const fresh = await world.run();
      assert.equal(fresh.failure?.kind, 'forbidden');
      assert.equal(calls('/api/features'), 1, 'a 403 to its own fresh upload is not about the cache');
      emulator.reset();
      emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 500 });
      const mayHaveRun = await world.run();
      assert.equal(mayHaveRun.failure?.kind, 'server-error');
      assert.equal(calls('/api/features'), 1, 'a 5xx may have run: never sent again');
      assert.equal(calls('/api/assets'), 0, 'the cached path was used');
    });
  });
});
