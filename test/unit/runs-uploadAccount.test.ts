/**
 * The upload cache belongs to one API key: the real ApiKeyService (with a stand-in for the bits of
 * `vscode` it touches), the real UploadCache over a stand-in globalState, and GenerationRun. The
 * server side is a stand-in that knows which key uploaded which path, or the emulator for a 403.
 */
import type { FailureKind } from '../../src/runs/record';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type * as ApiKeyModule from '../../src/apiKey';
import { AccountSalt, accountTag } from '../../src/accountTag';
import { isFluxReduxError } from '../../src/api/errors';
import { SECRET_API_KEY, SECRET_UPLOAD_ACCOUNT_SALT } from '../../src/constants';
import { GenerationRun, type DescribeFailure, type KnownUploads, type VariationClient } from '../../src/runs/generationRun';
import type { GenerationRecord } from '../../src/runs/record';
import { GenerationStore } from '../../src/runs/store';
import { contentHash, UploadCache } from '../../src/runs/uploadCache';
import { pngBytes } from './api-helpers';
import type { UploadPayload } from '../../src/shared/imageFormat';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const ORIGIN = 'https://api.example';
const KEY_A = 'key-of-account-a-0123456789';
const KEY_B = 'key-of-account-b-9876543210';
const SOURCE: UploadPayload = { bytes: pngBytes(64, 48), fileName: 'cat.png', mimeType: 'image/png' };

/** SecretStorage in a Map, with its change event, counting writes per name. */
class FakeSecrets {
  readonly values = new Map<string, string>();
  readonly writes = new Map<string, number>();
  private readonly listeners = new Set<(event: { key: string }) => void>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    this.listeners.forEach((listener) => listener({ key }));
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.listeners.forEach((listener) => listener({ key }));
  }

  onDidChange(listener: (event: { key: string }) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  asSecretStorage(): vscode.SecretStorage {
    return this;
  }
}

function memento() {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => {
      values.set(key, JSON.parse(JSON.stringify(value)));
    },
    values,
  };
}

/** What ApiKeyService touches of `vscode` outside asking for a key. */
function fakeVscode(): unknown {
  class EventEmitter<T> {
    private readonly listeners = new Set<(value: T) => void>();
    readonly event = (listener: (value: T) => void) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
    fire(value: T): void {
      this.listeners.forEach((listener) => listener(value));
    }
    dispose(): void {
      this.listeners.clear();
    }
  }
  return { EventEmitter, l10n: { t: (message: string) => message }, window: {} };
}

function newRecord(id: string): GenerationRecord {
  return {
    version: 1, id, createdAt: '', updatedAt: '',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 64, height: 48, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'webp', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 4, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '0.25' },
    apiOrigin: ORIGIN, phase: 'queued', results: [],
  };
}

const describeFailure: DescribeFailure = (error) => {
  const kind = isFluxReduxError(error) ? error.kind : error instanceof Error && 'kind' in error ? String(error.kind) : 'internal';
  return {
    kind: kind as FailureKind,
    facts: { what: 'internal' },
    logText: error instanceof Error ? error.message : String(error),
    actions: ['showLog'],
    cancelled: kind === 'cancelled',
    unknownAsset: kind === 'unknown-asset',
  };
};

class Forbidden extends Error {
  readonly kind = 'forbidden';
}

describe('Upload cache per API key', function () {
  this.timeout(20_000);
  type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;
  const moduleWithLoad = Module as unknown as { _load: LoadFn };
  const originalLoad = moduleWithLoad._load;
  let apiKey: typeof ApiKeyModule;
  let root: string;
  let store: GenerationStore;
  let runCount = 0;

  before(async () => {
    moduleWithLoad._load = function (request, parent, isMain) {
      return request === 'vscode' ? fakeVscode() : originalLoad.call(this, request, parent, isMain);
    };
    apiKey = await import('../../src/apiKey');
  });

  after(() => {
    moduleWithLoad._load = originalLoad;
  });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-upload-account-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  /** The cache as extension.ts wires it for one API origin. */
  function knownUploads(keys: ApiKeyModule.ApiKeyService, cache: UploadCache, apiOrigin = ORIGIN): KnownUploads {
    return {
      account: () => keys.accountTag(),
      lookup: (account, hash) => cache.lookup(apiOrigin, account, hash),
      remember: (account, hash, p) => cache.remember(apiOrigin, account, hash, p),
      forget: (account, hash) => cache.forget(apiOrigin, account, hash),
    };
  }

  /**
   * A server where each upload belongs to the key that sent it, and a features call naming
   * another key's upload is refused with a 403. The client reads the key as the real one does.
   */
  function accountServer(keys: ApiKeyModule.ApiKeyService) {
    const owners = new Map<string, string>();
    const log: Array<{ call: 'upload' | 'generate'; key: string; imageUrl?: string }> = [];
    const client: VariationClient = {
      uploadAsset: async () => {
        const key = (await keys.current())!;
        const assetPath = `images/upload-${owners.size + 1}.png`;
        owners.set(assetPath, key);
        log.push({ call: 'upload', key });
        return { path: assetPath };
      },
      generateVariations: async (req) => {
        const key = (await keys.current())!;
        log.push({ call: 'generate', key, imageUrl: req.imageUrl });
        if (owners.get(req.imageUrl) !== key) {
          throw new Forbidden('HTTP 403');
        }
        return { resultPaths: ['r.webp'] };
      },
      downloadResult: async () => ({ bytes: new Uint8Array([1, 2, 3]), format: 'webp', width: 1, height: 1, extension: 'webp' }),
    };
    return { client, log, uploads: () => log.filter((entry) => entry.call === 'upload') };
  }

  async function run(client: VariationClient, uploads: KnownUploads): Promise<GenerationRecord> {
    const id = `20261123T10000${runCount % 10}-abc${String(runCount++).padStart(3, '0')}`;
    await store.createFolder(id);
    const record = await new GenerationRun(newRecord(id), SOURCE, {
      client, store, uploads, hash: contentHash, now: () => 1000, log: () => undefined, onChange: () => undefined,
    }, describeFailure).execute(new AbortController().signal);
    // The run remembers its upload without waiting for it.
    await new Promise((resolve) => setImmediate(resolve));
    return record;
  }

  it('gives the same key its own upload again, and a second key in SecretStorage never gets it', async () => {
    const secrets = new FakeSecrets();
    const keys = new apiKey.ApiKeyService(secrets.asSecretStorage(), {});
    const cache = new UploadCache(memento(), () => 1000);
    const server = accountServer(keys);
    const uploads = knownUploads(keys, cache);

    await keys.store(KEY_A);
    assert.equal((await run(server.client, uploads)).uploadedPath, 'images/upload-1.png');
    assert.equal((await run(server.client, uploads)).uploadedPath, 'images/upload-1.png', 'the same key reuses its path');
    await keys.store(KEY_B);
    const second = await run(server.client, uploads);
    assert.equal(second.phase, 'done');
    assert.equal(second.uploadedPath, 'images/upload-2.png', 'the second key uploads its own');
    await keys.store(KEY_A);
    assert.equal((await run(server.client, uploads)).uploadedPath, 'images/upload-1.png', "the first key's path is still its own");
    assert.equal(server.uploads().length, 2);
    assert.ok(server.log.every((entry) => entry.call !== 'generate' || entry.imageUrl === (entry.key === KEY_A ? 'images/upload-1.png' : 'images/upload-2.png')));
    keys.dispose();
  });

  it('tags the ONEMIN_AI_API_KEY fallback the same way: another key there never gets the path', async () => {
    const secrets = new FakeSecrets();
    const state = memento();
    const cache = new UploadCache(state, () => 1000);
    const sessionWith = (env: NodeJS.ProcessEnv) => new apiKey.ApiKeyService(secrets.asSecretStorage(), env);

    const sessionA = sessionWith({ ONEMIN_AI_API_KEY: KEY_A });
    const serverA = accountServer(sessionA);
    assert.equal((await run(serverA.client, knownUploads(sessionA, cache))).uploadedPath, 'images/upload-1.png');

    const sessionB = sessionWith({ ONEMIN_AI_API_KEY: KEY_B });
    const serverB = accountServer(sessionB);
    const b = await run(serverB.client, knownUploads(sessionB, cache));
    assert.equal(serverB.uploads().length, 1, 'the other key uploads its own');
    assert.deepEqual(serverB.log.map((entry) => entry.imageUrl).filter(Boolean), [b.uploadedPath]);

    // The same key is the same account whichever source it comes from.
    const stored = sessionWith({});
    await stored.store(KEY_A);
    assert.equal(await stored.accountTag(), await sessionA.accountTag());
    assert.equal(cache.lookup(ORIGIN, (await stored.accountTag())!, contentHash(SOURCE.bytes)), 'images/upload-1.png');
    assert.equal(secrets.values.get(SECRET_API_KEY), KEY_A);
    [sessionA, sessionB, stored].forEach((keys) => keys.dispose());
  });

  it('has no tag without a key', async () => {
    const keys = new apiKey.ApiKeyService(new FakeSecrets().asSecretStorage(), {});
    assert.equal(await keys.accountTag(), undefined);
    keys.dispose();
  });

  it('creates the salt once, in SecretStorage, and reuses it in later sessions', async () => {
    const secrets = new FakeSecrets();
    const first = new apiKey.ApiKeyService(secrets.asSecretStorage(), { ONEMIN_AI_API_KEY: KEY_A });
    const tag = await first.accountTag();
    await first.accountTag();
    const later = new apiKey.ApiKeyService(secrets.asSecretStorage(), { ONEMIN_AI_API_KEY: KEY_A });
    assert.equal(await later.accountTag(), tag);
    assert.equal(secrets.writes.get(SECRET_UPLOAD_ACCOUNT_SALT), 1);
    const salt = secrets.values.get(SECRET_UPLOAD_ACCOUNT_SALT)!;
    assert.match(salt, /^[0-9a-f]{64}$/, '32 random bytes');
    assert.equal(tag, accountTag(KEY_A, salt));
    assert.notEqual(tag, createHash('sha256').update(KEY_A).digest('hex'));
    [first, later].forEach((keys) => keys.dispose());
  });

  it('tags keys anew when another window stores a new salt', async () => {
    const secrets = new FakeSecrets();
    const keys = new apiKey.ApiKeyService(secrets.asSecretStorage(), { ONEMIN_AI_API_KEY: KEY_A });
    const before = await keys.accountTag();
    await secrets.store(SECRET_UPLOAD_ACCOUNT_SALT, 'ab'.repeat(32));
    assert.equal(await keys.accountTag(), accountTag(KEY_A, 'ab'.repeat(32)));
    assert.notEqual(await keys.accountTag(), before);
    keys.dispose();
  });

  it('settles two windows that create the salt at once on the stored one', async () => {
    const secrets = new FakeSecrets();
    let n = 0;
    const random = (size: number) => new Uint8Array(size).fill(++n);
    const [one, two] = await Promise.all([
      new AccountSalt(secrets, SECRET_UPLOAD_ACCOUNT_SALT, random).get(),
      new AccountSalt(secrets, SECRET_UPLOAD_ACCOUNT_SALT, random).get(),
    ]);
    assert.equal(one, two);
    assert.equal(one, secrets.values.get(SECRET_UPLOAD_ACCOUNT_SALT));
  });

  it('replaces a stored salt that is not 32 bytes of hex', async () => {
    const secrets = new FakeSecrets();
    await secrets.store(SECRET_UPLOAD_ACCOUNT_SALT, '');
    const salt = await new AccountSalt(secrets, SECRET_UPLOAD_ACCOUNT_SALT).get();
    assert.match(salt, /^[0-9a-f]{64}$/);
  });

  it('keeps neither a key nor a plain hash of one in globalState', async () => {
    const secrets = new FakeSecrets();
    const state = memento();
    const cache = new UploadCache(state, () => 1000);
    for (const env of [{ ONEMIN_AI_API_KEY: KEY_A }, { ONEMIN_AI_API_KEY: KEY_B }]) {
      const keys = new apiKey.ApiKeyService(secrets.asSecretStorage(), env);
      await run(accountServer(keys).client, knownUploads(keys, cache));
      keys.dispose();
    }
    const stored = JSON.stringify([...state.values]);
    assert.equal((stored.match(/images\/upload-/g) ?? []).length, 2, 'both accounts have an entry');
    const salt = secrets.values.get(SECRET_UPLOAD_ACCOUNT_SALT)!;
    for (const key of [KEY_A, KEY_B]) {
      for (const secret of [
        key,
        createHash('sha256').update(key).digest('hex'),
        createHash('sha256').update(key).digest('base64'),
        createHash('sha1').update(key).digest('hex'),
        salt,
      ]) {
        assert.ok(!stored.toLowerCase().includes(secret.toLowerCase()), `globalState holds ${secret === salt ? 'the salt' : 'the key or a hash of it'}`);
      }
    }
  });
});
