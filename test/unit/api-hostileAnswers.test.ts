/**
 * A server may answer anything: results come only from under fluxRedux.assetBaseUrls (every hop),
 * and only when they fit an image's limits. Against the emulator's hostile faults, with a second
 * host standing for "elsewhere" that would happily serve an image if it were asked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { ClientDeps, OneMinClient } from '../../src/api/client';
import type { FailureFacts } from '../../src/api/failureFacts';
import type { VariationOptions } from '../../src/options/types';
import { GenerationRun } from '../../src/runs/generationRun';
import type { GenerationRecord } from '../../src/runs/record';
import { describeFailure } from '../../src/runs/runFailure';
import { GenerationStore } from '../../src/runs/store';
import { type Emulator, startEmulator } from '../emulator';
import { emulatorClient, expectFluxReduxError, pngBytes, recordingLog, recordingSleep, requestUrl, startTinyServer, type TinyServer } from './api-helpers';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const MODEL = 'black-forest-labs/flux-redux-dev' as const;
const ID = '20261123T100000-hostil';

function options(numOutputs: number): VariationOptions {
  return {
    format: 'png', aspect_ratio: '1:1', num_outputs: numOutputs, num_inference_steps: 4, seed: 7,
    output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
  };
}

describe('api: a server may answer anything, results come only from the asset bases', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let elsewhere: TinyServer;
  let asked: string[];
  let log: ReturnType<typeof recordingLog>;

  function client(overrides: Partial<ClientDeps> = {}): OneMinClient {
    const fetch: typeof globalThis.fetch = (input, init) => {
      asked.push(requestUrl(input));
      return globalThis.fetch(input, init);
    };
    return emulatorClient(emulator, { fetch, log, sleep: recordingSleep().sleep, random: () => 0.5, ...overrides });
  }

  async function generated(api: OneMinClient, numOutputs = 1) {
    const { path: imageUrl } = await api.uploadAsset({ bytes: pngBytes(16, 16), fileName: 'cat.png', mimeType: 'image/png' });
    return api.generateVariations({ model: MODEL, imageUrl, options: options(numOutputs) });
  }

  const assetRequests = (prefix: string) => emulator.requests.filter((r) => r.server === 'asset' && r.path.startsWith(prefix));

  before(async () => {
    emulator = await startEmulator();
    elsewhere = await startTinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(Buffer.from(pngBytes(8, 8)));
    });
  });
  beforeEach(() => {
    emulator.reset();
    elsewhere.requests.splice(0);
    asked = [];
    log = recordingLog();
  });
  afterEach(() => {
    assert.deepEqual(emulator.keyLeaks, []);
    for (const line of log.lines) {
      assert.equal(/X-Amz-|Signature=/.test(line), false, `signature in log: ${line}`);
    }
  });
  after(async () => {
    await emulator.close();
    await elsewhere.close();
  });

  describe('a result path that is an absolute URL elsewhere', () => {
    it('is not fetched (not even link-local 169.254.169.254) and fails with words naming the host', async () => {
      const api = client();
      emulator.injectFault({ endpoint: 'generate', kind: 'foreign-result-path' });
      const result = await generated(api, 2);
      assert.equal(result.resultPaths[0], 'http://169.254.169.254/latest/meta-data/iam/security-credentials/');
      const error = await expectFluxReduxError(api.downloadResult(result.resultPaths[0], result.temporaryUrl));
      assert.deepEqual(asked.filter((url) => url.includes('169.254.169.254')), []);
      assert.equal(error.kind, 'download-failed');
      assert.equal(error.facts.what, 'download-elsewhere');
      assert.match(error.message, /the server gave its address on 169\.254\.169\.254, which is not under any address of the setting fluxRedux\.assetBaseUrls/);
      const second = await api.downloadResult(result.resultPaths[1], result.temporaryUrl);
      assert.equal(second.format, 'png', 'the run’s other results download as usual');
    });

    it('fails that one result in a run; the run’s other results are stored as usual', async () => {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-hostile-'));
      try {
        const store = new GenerationStore(nodeStoreFileSystem(root));
        await store.createFolder(ID);
        emulator.injectFault({ endpoint: 'generate', kind: 'foreign-result-path', redirectTo: `${elsewhere.url}/r/1.png` });
        const record: GenerationRecord = {
          version: 2, id: ID, createdAt: '', updatedAt: '', model: MODEL, options: options(3), apiOrigin: emulator.apiBaseUrl,
          source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 16, height: 16, bytes: 10 },
          phase: 'queued', results: [],
        };
        const run = new GenerationRun(
          record,
          { bytes: pngBytes(16, 16), fileName: 'cat.png', mimeType: 'image/png' },
          { client: client(), store, now: () => 1000, log: () => undefined, onChange: () => undefined },
          describeFailure,
        );
        await run.execute(new AbortController().signal);
        const stored = (await store.load(ID))!;
        assert.equal(stored.phase, 'done');
        assert.deepEqual(stored.results.map((r) => r.status), ['failed', 'ready', 'ready']);
        const facts = stored.results[0].failure?.facts as FailureFacts;
        assert.equal(facts.what, 'download-elsewhere');
        assert.equal(facts.what === 'download-elsewhere' && facts.host, new URL(elsewhere.url).host);
        assert.deepEqual(elsewhere.requests, [], 'the foreign host was never asked');
        const files = await fs.readdir(path.join(root, 'generations', ID));
        assert.deepEqual(files.filter((f) => f.startsWith('variation-')).sort(), ['variation-2.png', 'variation-3.png']);
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    });
  });

  describe('redirects', () => {
    it('follows one to a URL under a base', async () => {
      const api = client();
      const result = await generated(api);
      const underBase = `${emulator.assetBaseUrls[1]}/${result.resultPaths[0]}`;
      emulator.injectFault({ endpoint: 'download', kind: 'redirect', redirectTo: underBase });
      const image = await api.downloadResult(result.resultPaths[0], result.temporaryUrl);
      assert.equal(image.format, 'png');
      assert.equal(asked.at(-1), underBase, 'followed by hand, and checked');
    });

    it('does not follow one to another host, and says where it pointed', async () => {
      const api = client();
      const result = await generated(api);
      emulator.injectFault({ endpoint: 'download', kind: 'redirect-elsewhere', redirectTo: `${elsewhere.url}/stolen.png`, times: Infinity });
      const error = await expectFluxReduxError(api.downloadResult(result.resultPaths[0], result.temporaryUrl));
      assert.deepEqual(elsewhere.requests, []);
      assert.equal(error.facts.what, 'download-elsewhere');
      assert.ok(error.facts.what === 'download-elsewhere' && error.facts.redirected);
      assert.ok(error.message.includes(`redirected to ${new URL(elsewhere.url).host}`), error.message);
    });

    it('does not follow one to link-local 169.254.169.254', async () => {
      const api = client();
      const result = await generated(api);
      emulator.injectFault({ endpoint: 'download', kind: 'redirect-elsewhere', times: Infinity });
      const error = await expectFluxReduxError(api.downloadResult(result.resultPaths[0], result.temporaryUrl));
      assert.deepEqual(asked.filter((url) => url.includes('169.254.169.254')), []);
      assert.match(error.message, /redirected to 169\.254\.169\.254/);
    });

    it('does not follow one to another bucket on the same S3 host', async () => {
      // Only the S3 path-style base: the emulator's other base is its whole origin, as asset.1min.ai is.
      const api = client({ assetBaseUrls: [emulator.assetBaseUrls[1]] });
      const result = await generated(api);
      emulator.injectFault({ endpoint: 'download', kind: 'redirect-other-bucket', times: Infinity });
      const error = await expectFluxReduxError(api.downloadResult(result.resultPaths[0], result.temporaryUrl));
      assert.deepEqual(assetRequests('/s3/other-bucket/'), [], 'the other bucket was never asked');
      assert.equal(error.facts.what, 'download-elsewhere');
      assert.ok(error.message.includes(new URL(emulator.assetBaseUrls[0]).host), error.message);
    });
  });

  describe('limits that fit images', () => {
    for (const kind of ['oversized', 'oversized-unannounced'] as const) {
      it(`refuses a result over 50 MB (${kind === 'oversized' ? 'from Content-Length' : 'while streaming, without Content-Length'})`, async () => {
        const api = client();
        const result = await generated(api);
        emulator.injectFault({ endpoint: 'download', kind, times: Infinity });
        const error = await expectFluxReduxError(api.downloadResult(result.resultPaths[0], result.temporaryUrl));
        assert.equal(error.facts.what, 'download-too-large');
        assert.match(error.message, /larger than 50 MB/);
      });
    }

    it('refuses an image whose header says more than 40 megapixels, before the run stores it', async () => {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-hostile-'));
      try {
        const store = new GenerationStore(nodeStoreFileSystem(root));
        await store.createFolder(ID);
        emulator.injectFault({ endpoint: 'download', kind: 'huge-dimensions', times: Infinity });
        const record: GenerationRecord = {
          version: 2, id: ID, createdAt: '', updatedAt: '', model: MODEL, options: options(1), apiOrigin: emulator.apiBaseUrl,
          source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 16, height: 16, bytes: 10 },
          phase: 'queued', results: [],
        };
        const run = new GenerationRun(
          record,
          { bytes: pngBytes(16, 16), fileName: 'cat.png', mimeType: 'image/png' },
          { client: client(), store, now: () => 1000, log: () => undefined, onChange: () => undefined },
          describeFailure,
        );
        await run.execute(new AbortController().signal);
        const stored = (await store.load(ID))!;
        assert.equal(stored.results[0].status, 'failed');
        const facts = stored.results[0].failure?.facts as FailureFacts;
        assert.deepEqual(facts.what === 'download-too-many-pixels' && [facts.width, facts.height, facts.maxMegapixels], [8000, 6000, 40]);
        const files = await fs.readdir(path.join(root, 'generations', ID));
        assert.deepEqual(files.filter((f) => f.startsWith('variation-')), [], 'nothing written');
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    });
  });
});
