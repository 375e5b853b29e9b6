import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClientDeps, OneMinClient } from '../../src/api/client';
import type { FluxReduxError, FluxReduxErrorKind } from '../../src/api/errors';
import { sniffImage, type UploadPayload } from '../../src/shared/imageFormat';
import type { VariationOptions } from '../../src/options/types';
import { type Emulator, startEmulator } from '../emulator';
import { emulatorClient, expectFluxReduxError, pngBytes, recordingLog, recordingSleep, requestUrl, sendJson, startTinyServer } from './api-helpers';

const MODEL = 'black-forest-labs/flux-redux-dev' as const;
const SOURCE: UploadPayload = { bytes: pngBytes(64, 48), fileName: 'harbour view.png', mimeType: 'image/png' };

function options(overrides: Partial<VariationOptions> = {}): VariationOptions {
  return {
    format: 'webp',
    aspect_ratio: '1:1',
    num_outputs: 1,
    num_inference_steps: 4,
    seed: 42,
    output_quality: 80,
    disable_safety_checker: false,
    megapixels: '0.25',
    ...overrides,
  };
}


async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A port nothing listens on (opened, then closed), for "connection refused". */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('api/client against the emulator', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let sleeper: ReturnType<typeof recordingSleep>;
  let log: ReturnType<typeof recordingLog>;

  function client(overrides: Partial<ClientDeps> = {}): OneMinClient {
    return emulatorClient(emulator, { log, sleep: sleeper.sleep, random: () => 0.5, ...overrides });
  }

  function apiRequests(path: string): Emulator['requests'] {
    return emulator.requests.filter((request) => request.server === 'api' && request.path === path);
  }

  function assertNoKeyIn(error: FluxReduxError): void {
    for (const text of [error.message, error.serverMessage ?? '', JSON.stringify(error), String(error.stack)]) {
      assert.equal(text.includes(emulator.apiKey), false, 'the API key leaked into an error');
    }
  }

  before(async () => {
    emulator = await startEmulator();
  });

  beforeEach(() => {
    emulator.reset();
    emulator.setWithheld(0);
    sleeper = recordingSleep();
    log = recordingLog();
  });

  afterEach(() => {
    for (const line of log.lines) {
      assert.equal(line.includes(emulator.apiKey), false, `key in log: ${line}`);
      assert.equal(/X-Amz-|Signature=|\?/.test(line), false, `query string in log: ${line}`);
    }
    assert.deepEqual(emulator.keyLeaks, [], 'the API key reached the asset server');
  });

  after(async () => {
    await emulator.close();
  });

  describe('the whole flow', () => {
    it('uploads, generates and downloads one output', async () => {
      const api = client();
      const progress: Array<[number, number]> = [];
      const { path } = await api.uploadAsset(SOURCE, { onProgress: (sent, total) => progress.push([sent, total]) });
      assert.ok(emulator.uploadedPaths().includes(path));

      const upload = apiRequests('/api/assets')[0].upload;
      assert.equal(upload?.field, 'asset');
      assert.equal(upload?.fileName, 'harbour view.png');
      assert.equal(upload?.contentType, 'image/png');
      assert.deepEqual(new Uint8Array(upload?.bytes ?? []), SOURCE.bytes);
      assert.ok(progress.length >= 1);
      const [lastSent, total] = progress[progress.length - 1];
      assert.equal(lastSent, total);
      assert.ok(total > SOURCE.bytes.length);

      const result = await api.generateVariations({ model: MODEL, imageUrl: path, options: options() });
      assert.deepEqual(apiRequests('/api/features')[0].body, {
        type: 'IMAGE_VARIATOR',
        model: MODEL,
        promptObject: { imageUrl: path, ...options() },
      });
      assert.equal(result.resultPaths.length, 1);
      assert.ok(result.recordId);
      assert.ok(result.temporaryUrl);
      assert.ok(result.credits && result.credits.limit > 0 && result.credits.used > 0);

      const image = await api.downloadResult(result.resultPaths[0], result.temporaryUrl);
      assert.equal(image.format, 'webp');
      assert.equal(image.extension, 'webp');
      assert.deepEqual(sniffImage(image.bytes)?.format, 'webp');
      assert.ok(image.width > 0 && image.height > 0);
      assert.equal(image.sourceUrl.includes('?'), false);
      assert.ok(log.lines.some((line) => line.includes(`record ${result.recordId}`)));
      for (const request of emulator.requests.filter((r) => r.server === 'api')) {
        assert.equal(request.headers['api-key'], emulator.apiKey);
      }
    });

    it('makes four outputs, falls through a refused base and remembers the one that served', async () => {
      const api = client();
      const { path } = await api.uploadAsset(SOURCE);
      const result = await api.generateVariations({ model: MODEL, imageUrl: path, options: options({ num_outputs: 4, format: 'png' }) });
      assert.equal(result.resultPaths.length, 4);

      const first = await api.downloadResult(result.resultPaths[0], result.temporaryUrl);
      assert.equal(first.format, 'png');
      assert.equal(first.extension, 'png');
      assert.equal(api.workingAssetBase, undefined, 'the presigned link is not a base');

      // No presigned link to hint at a base: base 0 comes first and is refused.
      const second = await api.downloadResult(result.resultPaths[1], undefined);
      assert.ok(second.sourceUrl.startsWith(emulator.assetBaseUrls[1]));
      assert.equal(api.workingAssetBase, emulator.assetBaseUrls[1]);
      const refusedBefore = emulator.requests.filter((r) => r.server === 'asset' && r.status === 403).length;
      assert.equal(refusedBefore, 1, 'base 0 was tried once and refused');

      for (const resultPath of result.resultPaths.slice(2)) {
        const image = await api.downloadResult(resultPath, result.temporaryUrl);
        assert.equal(image.format, 'png');
      }
      const refusedAfter = emulator.requests.filter((r) => r.server === 'asset' && r.status === 403).length;
      assert.equal(refusedAfter, refusedBefore, 'the remembered base was tried first');
      assert.deepEqual(sleeper.delays, [], 'a refusal costs no wait');
    });

    it('tries first the base that hosts the presigned link, so no base is refused', async () => {
      const api = client();
      const { path } = await api.uploadAsset(SOURCE);
      const result = await api.generateVariations({ model: MODEL, imageUrl: path, options: options({ num_outputs: 3 }) });
      emulator.reset();
      for (const resultPath of result.resultPaths) {
        await api.downloadResult(resultPath, result.temporaryUrl);
      }
      assert.equal(emulator.requests.filter((r) => r.server === 'asset' && r.status === 403).length, 0);
      assert.equal(emulator.requests.filter((r) => r.server === 'asset' && r.status === 200).length, 3);
    });

    it('returns fewer paths when the provider withholds some, and no-results when it withholds all', async () => {
      const api = client();
      const { path } = await api.uploadAsset(SOURCE);
      emulator.setWithheld(1);
      const partial = await api.generateVariations({ model: MODEL, imageUrl: path, options: options({ num_outputs: 3 }) });
      assert.equal(partial.resultPaths.length, 2);

      emulator.setWithheld(4);
      const error = await expectFluxReduxError(api.generateVariations({ model: MODEL, imageUrl: path, options: options({ num_outputs: 2 }) }));
      assert.equal(error.kind, 'no-results');
      assert.equal(error.mayBeCharged, true);
      assert.match(error.message, /NSFW/);
    });
  });

  describe('the API key', () => {
    it('is refused with the server words and a Set API Key action', async () => {
      const error = await expectFluxReduxError(client({ getApiKey: async () => 'wrong-key-0123456789' }).uploadAsset(SOURCE));
      assert.equal(error.kind, 'unauthorized');
      assert.equal(error.action, 'setApiKey');
      assert.match(error.message, /API Key is not active/);
      assert.equal(error.message.includes('wrong-key-0123456789'), false);
      assert.equal(apiRequests('/api/assets').length, 1, 'a refused key is not retried');
    });

    it('is asked for before anything is sent, and a missing one fails without a request', async () => {
      const error = await expectFluxReduxError(client({ getApiKey: async () => '  ' }).generateVariations({ model: MODEL, imageUrl: 'x', options: options() }));
      assert.equal(error.kind, 'missing-key');
      assert.equal(error.action, 'setApiKey');
      assert.equal(emulator.requests.length, 0);
    });

    it('with characters no header can carry is refused without quoting it', async () => {
      const bad = 'abc\u00e9def-0123456789';
      const error = await expectFluxReduxError(client({ getApiKey: async () => bad }).uploadAsset(SOURCE));
      assert.equal(error.kind, 'unauthorized');
      assert.equal(error.message.includes(bad), false);
      assert.equal(emulator.requests.length, 0);
    });

    it('is never sent over plain http to a host other than this machine', async () => {
      let calls = 0;
      const api = client({
        apiBaseUrl: 'http://api.example.com',
        fetch: async () => {
          calls++;
          throw new Error('must not be called');
        },
      });
      const error = await expectFluxReduxError(api.uploadAsset(SOURCE));
      assert.equal(error.kind, 'invalid-request');
      assert.equal(error.action, 'openSettings');
      assert.equal(calls, 0);
    });

    it('does not follow a redirect to another host, and no other host sees it', async () => {
      const other = await startTinyServer((_req, res) => sendJson(res, 200, {}));
      try {
        emulator.injectFault({ endpoint: 'generate', kind: 'redirect', redirectTo: `${other.url}/api/features` });
        const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl: 'images/x.png', options: options() }));
        assert.equal(error.kind, 'invalid-request');
        assert.equal(error.mayBeCharged, false);
        assert.ok(error.message.includes(other.url));
        assert.deepEqual(other.requests, []);
        assert.equal(apiRequests('/api/features').length, 1);
      } finally {
        await other.close();
      }
    });

    it('follows a redirect within the API origin, key included', async () => {
      const api = client();
      const { path } = await api.uploadAsset(SOURCE);
      emulator.injectFault({ endpoint: 'generate', kind: 'redirect', redirectTo: `${emulator.apiBaseUrl}/api/features` });
      const result = await api.generateVariations({ model: MODEL, imageUrl: path, options: options() });
      assert.equal(result.resultPaths.length, 1);
      const features = apiRequests('/api/features');
      assert.equal(features.length, 2);
      assert.equal(features[1].headers['api-key'], emulator.apiKey);
      assert.equal(features[1].method, 'POST');
    });
  });

  describe('uploads', () => {
    it('retry after a 429, waiting as long as Retry-After says', async () => {
      emulator.injectFault({ endpoint: 'upload', kind: '429', retryAfterSeconds: 7 });
      const { path } = await client().uploadAsset(SOURCE);
      assert.ok(path);
      assert.deepEqual(sleeper.delays, [7000]);
      assert.equal(apiRequests('/api/assets').length, 2);
    });

    it('retry after a 502 page and a reset connection, with growing jittered delays', async () => {
      emulator.injectFault({ endpoint: 'upload', kind: '502-html' });
      emulator.injectFault({ endpoint: 'upload', kind: 'reset' });
      const { path } = await client().uploadAsset(SOURCE);
      assert.ok(path);
      // random() = 0.5: each delay is three quarters of its exponential step (500 ms, 1000 ms).
      assert.deepEqual(sleeper.delays, [375, 750]);
      assert.equal(apiRequests('/api/assets').length, 3);
    });

    it('give up after three retries with the server words and no HTML', async () => {
      emulator.injectFault({ endpoint: 'upload', kind: '502-html', times: Infinity });
      const error = await expectFluxReduxError(client().uploadAsset(SOURCE));
      assert.equal(error.kind, 'server-error');
      assert.equal(error.status, 502);
      assert.match(error.message, /502 Bad Gateway/);
      assert.equal(/<[a-z]/i.test(error.message), false);
      assert.equal(sleeper.delays.length, 3);
      assert.equal(apiRequests('/api/assets').length, 4);
      assertNoKeyIn(error);
    });

    it('map 413 to payload-too-large without retrying', async () => {
      emulator.injectFault({ endpoint: 'upload', kind: 'status', status: 413, message: 'File too large' });
      const error = await expectFluxReduxError(client().uploadAsset(SOURCE));
      assert.equal(error.kind, 'payload-too-large');
      assert.match(error.message, /smaller/);
      assert.match(error.message, /File too large/);
      assert.equal(apiRequests('/api/assets').length, 1);
    });

    it('end at once when cancelled, with nothing charged', async () => {
      emulator.injectFault({ endpoint: 'upload', kind: 'slow', delayMs: 60_000 });
      const controller = new AbortController();
      const pending = client().uploadAsset(SOURCE, { signal: controller.signal });
      await waitFor(() => apiRequests('/api/assets').length === 1, 'the upload to arrive');
      controller.abort();
      const error = await expectFluxReduxError(pending);
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.mayBeCharged, false);
      await waitFor(() => apiRequests('/api/assets')[0].endedAt !== undefined, 'the connection to close');
    });
  });

  describe('the paid features call', () => {
    let imageUrl: string;
    beforeEach(async () => {
      imageUrl = (await client().uploadAsset(SOURCE)).path;
      emulator.reset();
    });

    it('is retried after a 429 (not processed), honouring Retry-After', async () => {
      emulator.injectFault({ endpoint: 'generate', kind: '429', retryAfterSeconds: 2, message: 'Rate limit exceeded' });
      const result = await client().generateVariations({ model: MODEL, imageUrl, options: options() });
      assert.equal(result.resultPaths.length, 1);
      assert.deepEqual(sleeper.delays, [2000]);
      assert.equal(apiRequests('/api/features').length, 2);
    });

    it('is not retried after a 5xx, and may have been charged', async () => {
      emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 500, message: 'Internal server error' });
      const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl, options: options() }));
      assert.equal(error.kind, 'server-error');
      assert.equal(error.mayBeCharged, true);
      assert.match(error.message, /Internal server error/);
      assert.equal(apiRequests('/api/features').length, 1);
      assert.deepEqual(sleeper.delays, []);
      assertNoKeyIn(error);
    });

    it('is not retried after a 502 page', async () => {
      emulator.injectFault({ endpoint: 'generate', kind: '502-html' });
      const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl, options: options() }));
      assert.equal(error.kind, 'server-error');
      assert.equal(error.mayBeCharged, true);
      assert.equal(apiRequests('/api/features').length, 1);
    });

    it('is not retried after a timeout, and may have been charged', async () => {
      emulator.injectFault({ endpoint: 'generate', kind: 'hang' });
      const error = await expectFluxReduxError(client({ requestTimeoutMs: 300 }).generateVariations({ model: MODEL, imageUrl, options: options() }));
      assert.equal(error.kind, 'timeout');
      assert.equal(error.mayBeCharged, true);
      assert.equal(error.action, 'openSettings');
      assert.equal(apiRequests('/api/features').length, 1);
    });

    it('is not retried after the connection broke once sent', async () => {
      emulator.injectFault({ endpoint: 'generate', kind: 'reset' });
      const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl, options: options() }));
      assert.equal(error.kind, 'network');
      assert.equal(error.mayBeCharged, true);
      assert.equal(apiRequests('/api/features').length, 1);
    });

    it('is retried when the connection was refused before anything was sent', async () => {
      const port = await closedPort();
      let calls = 0;
      const flaky = ((input: string | URL | Request, init?: RequestInit) => {
        calls++;
        const url = calls === 1 ? requestUrl(input).replace(emulator.apiBaseUrl, `http://127.0.0.1:${port}`) : input;
        return fetch(url, init);
      }) as typeof fetch;
      const result = await client({ fetch: flaky }).generateVariations({ model: MODEL, imageUrl, options: options() });
      assert.equal(result.resultPaths.length, 1);
      assert.equal(calls, 2);
      assert.equal(sleeper.delays.length, 1);
      assert.equal(apiRequests('/api/features').length, 1);
    });

    it('reports a refused connection as network, not charged, after bounded retries', async () => {
      const port = await closedPort();
      const error = await expectFluxReduxError(
        client({ apiBaseUrl: `http://127.0.0.1:${port}` }).generateVariations({ model: MODEL, imageUrl, options: options() }),
      );
      assert.equal(error.kind, 'network');
      assert.equal(error.mayBeCharged, false);
      assert.match(error.message, /ECONNREFUSED/);
      assert.equal(sleeper.delays.length, 3);
    });

    it('says unknown-asset when the server forgot the upload, so the caller can upload again', async () => {
      emulator.forgetUploads();
      const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl, options: options() }));
      assert.equal(error.kind, 'unknown-asset');
      assert.equal(error.mayBeCharged, false);
      assert.match(error.message, /Asset not found/);
    });

    it('passes a refused model on as invalid-request with the server words', async () => {
      const error = await expectFluxReduxError(
        client().generateVariations({ model: 'black-forest-labs/flux-redux-pro' as never, imageUrl, options: options() }),
      );
      assert.equal(error.kind, 'invalid-request');
      assert.match(error.message, /not supported/);
    });

    const shapes: Array<[string, FluxReduxErrorKind, RegExp]> = [
      ['not-success', 'not-success', /PROCESSING/],
      ['no-results', 'no-results', /no images/i],
      ['insufficient-credits', 'insufficient-credits', /INSUFFICIENT_CREDITS/],
      ['malformed-json', 'bad-response', /not JSON/],
    ];
    for (const [fault, kind, words] of shapes) {
      it(`turns a 200 with ${fault} into ${kind}`, async () => {
        emulator.injectFault({ endpoint: 'generate', kind: fault as 'not-success' });
        const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl, options: options() }));
        assert.equal(error.kind, kind);
        assert.match(error.message, words);
        assert.equal(error.mayBeCharged, kind !== 'insufficient-credits');
        assert.equal(apiRequests('/api/features').length, 1);
      });
    }

    it('finds a temporaryUrl at the top level, and does without one', async () => {
      const api = client();
      emulator.injectFault({ endpoint: 'generate', kind: 'top-level-temporary-url' });
      const topLevel = await api.generateVariations({ model: MODEL, imageUrl, options: options() });
      assert.ok(topLevel.temporaryUrl);

      emulator.injectFault({ endpoint: 'generate', kind: 'no-temporary-url' });
      const none = await api.generateVariations({ model: MODEL, imageUrl, options: options() });
      assert.equal(none.temporaryUrl, undefined);
      const image = await api.downloadResult(none.resultPaths[0], none.temporaryUrl);
      assert.ok(image.sourceUrl.startsWith(emulator.assetBaseUrls[1]));
    });

    it('when cancelled, ends at once and says it may have been charged', async () => {
      emulator.injectFault({ endpoint: 'generate', kind: 'hang' });
      const controller = new AbortController();
      const pending = client().generateVariations({ model: MODEL, imageUrl, options: options() }, { signal: controller.signal });
      await waitFor(() => apiRequests('/api/features').length === 1, 'the features call to arrive');
      controller.abort();
      const error = await expectFluxReduxError(pending);
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.mayBeCharged, true);
    });

    it('is not sent at all when cancelled before it starts', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await expectFluxReduxError(client().generateVariations({ model: MODEL, imageUrl, options: options() }, { signal: controller.signal }));
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.mayBeCharged, false);
      assert.equal(apiRequests('/api/features').length, 0);
    });
  });

  describe('downloads', () => {
    let result: { resultPaths: string[]; temporaryUrl?: string };
    beforeEach(async () => {
      const api = client();
      const { path } = await api.uploadAsset(SOURCE);
      result = await api.generateVariations({ model: MODEL, imageUrl: path, options: options({ num_outputs: 2, format: 'jpg' }) });
      emulator.reset();
    });

    it('reject an HTML page and try the next source', async () => {
      emulator.injectFault({ endpoint: 'download', kind: 'html' });
      const image = await client().downloadResult(result.resultPaths[0], result.temporaryUrl);
      assert.equal(image.format, 'jpeg');
      assert.equal(image.extension, 'jpg');
      assert.ok(image.sourceUrl.startsWith(emulator.assetBaseUrls[1]));
      assert.ok(log.lines.some((line) => line.includes('HTML page')));
    });

    it('reject a truncated body and try the next source', async () => {
      emulator.injectFault({ endpoint: 'download', kind: 'truncated' });
      const image = await client().downloadResult(result.resultPaths[0], result.temporaryUrl);
      assert.equal(image.format, 'jpeg');
      assert.ok(image.sourceUrl.startsWith(emulator.assetBaseUrls[1]));
    });

    it('fail with every source named when all refuse, without long waits', async () => {
      emulator.injectFault({ endpoint: 'download', kind: 'refuse-all-bases' });
      const error = await expectFluxReduxError(client().downloadResult(result.resultPaths[1], result.temporaryUrl));
      assert.equal(error.kind, 'download-failed');
      assert.equal(error.action, 'openSettings');
      assert.match(error.message, /HTTP 403/);
      for (const base of emulator.assetBaseUrls) {
        assert.ok(error.message.includes(base), `names ${base}`);
      }
      assert.deepEqual(sleeper.delays, []);
    });

    it('retry a source that answered 5xx, after a backoff', async () => {
      const api = client();
      emulator.injectFault({ endpoint: 'download', kind: 'status', status: 503 });
      const image = await api.downloadResult(result.resultPaths[1], undefined);
      assert.equal(image.format, 'jpeg');
      assert.deepEqual(sleeper.delays, [375]);
    });

    it('end at once when cancelled', async () => {
      emulator.injectFault({ endpoint: 'download', kind: 'slow', delayMs: 60_000 });
      const controller = new AbortController();
      const pending = client().downloadResult(result.resultPaths[0], result.temporaryUrl, { signal: controller.signal });
      await waitFor(() => emulator.requests.some((r) => r.server === 'asset'), 'the download to start');
      controller.abort();
      const error = await expectFluxReduxError(pending);
      assert.equal(error.kind, 'cancelled');
    });
  });
});

describe('api/client against hand-made servers', function () {
  this.timeout(10_000);
  const KEY = 'sk-handmade-0123456789';

  function clientFor(apiBaseUrl: string, overrides: Partial<ClientDeps> = {}): OneMinClient {
    return new OneMinClient({
      fetch: globalThis.fetch,
      getApiKey: async () => KEY,
      apiBaseUrl,
      assetBaseUrls: [],
      requestTimeoutMs: 5_000,
      sleep: recordingSleep().sleep,
      random: () => 0.5,
      ...overrides,
    });
  }

  it('shows a deleted key as unauthorized with the server words', async () => {
    const server = await startTinyServer((_req, res) =>
      sendJson(res, 401, { errorCode: 'HTTP_EXCEPTION', message: 'API Key has been deleted' }),
    );
    try {
      const error = await expectFluxReduxError(clientFor(server.url).generateVariations({ model: MODEL, imageUrl: 'images/a.png', options: options() }));
      assert.equal(error.kind, 'unauthorized');
      assert.equal(error.action, 'setApiKey');
      assert.match(error.message, /API Key has been deleted/);
      assert.equal(error.serverMessage, 'API Key has been deleted');
    } finally {
      await server.close();
    }
  });

  it('scrubs the key when a server echoes it back', async () => {
    const server = await startTinyServer((req, res) =>
      sendJson(res, 400, { message: `Bad header value ${String(req.headers['api-key'])}` }),
    );
    try {
      const error = await expectFluxReduxError(clientFor(server.url).uploadAsset(SOURCE));
      assert.equal(error.kind, 'invalid-request');
      assert.equal(error.message.includes(KEY), false);
      assert.equal(error.serverMessage?.includes(KEY), false);
      assert.match(error.message, /Bad header value \[redacted\]/);
    } finally {
      await server.close();
    }
  });

  it('waits until an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    let calls = 0;
    const server = await startTinyServer((_req, res) => {
      calls++;
      if (calls === 1) {
        sendJson(res, 429, { message: 'slow down' }, { 'Retry-After': new Date(now + 5_000).toUTCString() });
      } else {
        sendJson(res, 200, { asset: { key: 'images/fallback.png' } });
      }
    });
    const sleeper = recordingSleep();
    try {
      const { path } = await clientFor(server.url, { sleep: sleeper.sleep, now: () => now }).uploadAsset(SOURCE);
      assert.equal(path, 'images/fallback.png', 'asset.key is used when fileContent.path is missing');
      assert.deepEqual(sleeper.delays, [5000]);
    } finally {
      await server.close();
    }
  });

  it('reports a 429 asking for a long wait instead of waiting', async () => {
    const server = await startTinyServer((_req, res) => sendJson(res, 429, { message: 'Daily limit' }, { 'Retry-After': '3600' }));
    const sleeper = recordingSleep();
    try {
      const error = await expectFluxReduxError(clientFor(server.url, { sleep: sleeper.sleep }).uploadAsset(SOURCE));
      assert.equal(error.kind, 'rate-limited');
      assert.equal(error.retryAfterMs, 3_600_000);
      assert.match(error.message, /Daily limit/);
      assert.deepEqual(sleeper.delays, []);
    } finally {
      await server.close();
    }
  });

  it('fails clearly when an upload answer names no path', async () => {
    const server = await startTinyServer((_req, res) => sendJson(res, 200, { ok: true }));
    try {
      const error = await expectFluxReduxError(clientFor(server.url).uploadAsset(SOURCE));
      assert.equal(error.kind, 'bad-response');
      assert.match(error.message, /fileContent\.path/);
    } finally {
      await server.close();
    }
  });

  it('sends the key to the API host only, never to a download host', async () => {
    const assets = await startTinyServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'binary/octet-stream' });
      res.end(Buffer.from(pngBytes(8, 8)));
    });
    try {
      const api = clientFor('https://api.1min.ai', { assetBaseUrls: [assets.url] });
      const image = await api.downloadResult('development/images/1.undefined', undefined);
      assert.equal(image.extension, 'png');
      assert.equal(assets.requests.length, 1);
      assert.equal(assets.requests[0].headers['api-key'], undefined);
      assert.equal(assets.requests[0].url, '/development/images/1.undefined');
    } finally {
      await assets.close();
    }
  });

  it('lets a slow download finish as long as bytes keep coming, and stops one that stalls', async () => {
    const image = Buffer.from(pngBytes(16, 16));
    const server = await startTinyServer(async (req, res) => {
      res.writeHead(200, { 'content-length': String(image.length) });
      if (req.url?.startsWith('/stall/')) {
        res.write(image.subarray(0, 10)); // and nothing more
        return;
      }
      // Ten pieces, each well within the idle limit, together well beyond it.
      const step = Math.ceil(image.length / 10);
      for (let offset = 0; offset < image.length; offset += step) {
        res.write(image.subarray(offset, offset + step));
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      res.end();
    });
    try {
      const trickle = clientFor('https://api.1min.ai', { assetBaseUrls: [`${server.url}/trickle`], transferTimeoutMs: 300 });
      const downloaded = await trickle.downloadResult('r/1.undefined', undefined);
      assert.equal(downloaded.width, 16);

      const stall = clientFor('https://api.1min.ai', { assetBaseUrls: [`${server.url}/stall`], transferTimeoutMs: 200 });
      const error = await expectFluxReduxError(stall.downloadResult('r/1.undefined', undefined));
      assert.equal(error.kind, 'download-failed');
      assert.match(error.message, /no answer in time/);
    } finally {
      await server.close();
    }
  });

  it('refuses a GIF download by name', async () => {
    const assets = await startTinyServer((_req, res) => {
      res.writeHead(200);
      res.end(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
    });
    try {
      const error = await expectFluxReduxError(clientFor('https://api.1min.ai', { assetBaseUrls: [assets.url] }).downloadResult('r/1.undefined', undefined));
      assert.equal(error.kind, 'not-an-image');
      assert.match(error.message, /GIF/);
    } finally {
      await assets.close();
    }
  });
});
