import assert from 'node:assert/strict';
import { startEmulator, TRANSPORT_FAULTS, type Emulator, type FaultEndpoint } from '../emulator';
import { readImageInfo, requestFeatures, uploadAsset, variatorBody, waitFor } from '../emulator/testkit';
import { assetBody, generationBody } from './emulator-answers';

const SOURCE = Buffer.from('source bytes for the fault tests');

type Outcome = { answered: true; status: number; headers: Headers; text: string; bytes: Buffer } | { answered: false; error: Error };

/** Runs a request to the end, turning a cut connection into an outcome instead of a throw. */
async function settle(request: Promise<Response>): Promise<Outcome> {
  try {
    const response = await request;
    const bytes = Buffer.from(await response.arrayBuffer());
    return { answered: true, status: response.status, headers: response.headers, text: bytes.toString('utf8'), bytes };
  } catch (error) {
    return { answered: false, error: error as Error };
  }
}

interface Target {
  emulator: Emulator;
  imageUrl: string;
  resultPaths: string[];
  temporaryUrl: string;
  recordId: string;
}

async function prepare(emulator: Emulator): Promise<Target> {
  const imageUrl = assetBody(await uploadAsset(emulator, SOURCE)).fileContent.path;
  const answer = await requestFeatures(emulator, variatorBody({ imageUrl, num_outputs: 2, megapixels: '0.25', format: 'png' }));
  const { aiRecord } = generationBody(answer);
  return { emulator, imageUrl, resultPaths: aiRecord.aiRecordDetail.resultObject, temporaryUrl: aiRecord.temporaryUrl, recordId: aiRecord.uuid };
}

/** One request to an endpoint, sent as a client would; `redirect: 'manual'` to see 307s as they are. */
function call(target: Target, endpoint: FaultEndpoint, init: RequestInit = {}): Promise<Response> {
  const { emulator } = target;
  switch (endpoint) {
    case 'upload': {
      const form = new FormData();
      form.append('asset', new Blob([SOURCE], { type: 'image/png' }), 'cat.png');
      return fetch(`${emulator.apiBaseUrl}/api/assets`, { method: 'POST', headers: { 'API-KEY': emulator.apiKey }, body: form, redirect: 'manual', ...init });
    }
    case 'generate':
      return fetch(`${emulator.apiBaseUrl}/api/features`, {
        method: 'POST',
        headers: { 'API-KEY': emulator.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(variatorBody({ imageUrl: target.imageUrl, megapixels: '0.25' })),
        redirect: 'manual',
        ...init,
      });
    case 'result':
      return fetch(`${emulator.apiBaseUrl}/api/results/${target.recordId}`, { headers: { 'API-KEY': emulator.apiKey }, redirect: 'manual', ...init });
    case 'download':
      return fetch(`${emulator.assetBaseUrls[1]}/${target.resultPaths[0]}`, { redirect: 'manual', ...init });
  }
}

/** True once the server has the whole request (so any fault has been taken). */
function arrived(emulator: Emulator, endpoint: FaultEndpoint, count: number): boolean {
  const path = { upload: '/api/assets', generate: '/api/features', result: '/api/results/', download: '/s3/' }[endpoint];
  const seen = emulator.requests.filter((r) => r.path.startsWith(path));
  if (seen.length < count) {
    return false;
  }
  const last = seen[count - 1];
  return endpoint === 'upload' ? last.upload !== undefined : endpoint === 'generate' ? last.body !== undefined : true;
}

const ENDPOINTS: FaultEndpoint[] = ['upload', 'generate', 'result', 'download'];

describe('API emulator: faults', function () {
  // Each test starts its own emulator and renders two small images; generous for a busy machine.
  this.timeout(10_000);
  let target: Target;

  beforeEach(async () => {
    target = await prepare(await startEmulator());
    target.emulator.reset();
  });
  afterEach(async () => {
    await target.emulator.close();
  });

  for (const endpoint of ENDPOINTS) {
    describe(`on ${endpoint}`, () => {
      it("'status' answers the given status with a JSON message", async () => {
        for (const [status, message] of [[401, 'API Key has been deleted'], [403, 'Forbidden here'], [413, 'Payload too large'], [500, 'Boom'], [400, 'Custom refusal words']] as const) {
          target.emulator.injectFault({ endpoint, kind: 'status', status, message });
          const outcome = await settle(call(target, endpoint));
          assert.ok(outcome.answered);
          assert.equal(outcome.status, status);
          assert.deepEqual(JSON.parse(outcome.text), { message });
        }
        const next = await settle(call(target, endpoint));
        assert.ok(next.answered && next.status === 200, 'each fault is spent by one request');
      });

      it("'429' sends Retry-After only when given", async () => {
        target.emulator.injectFault({ endpoint, kind: '429', retryAfterSeconds: 7 });
        target.emulator.injectFault({ endpoint, kind: '429' });
        const first = await settle(call(target, endpoint));
        const second = await settle(call(target, endpoint));
        const third = await settle(call(target, endpoint));
        assert.ok(first.answered && second.answered && third.answered);
        assert.equal(first.status, 429);
        assert.equal(first.headers.get('retry-after'), '7');
        assert.equal(second.status, 429);
        assert.equal(second.headers.get('retry-after'), null);
        assert.equal(third.status, 200, 'faults are spent');
      });

      it("'502-html' answers an HTML error page", async () => {
        target.emulator.injectFault({ endpoint, kind: '502-html' });
        const outcome = await settle(call(target, endpoint));
        assert.ok(outcome.answered);
        assert.equal(outcome.status, 502);
        assert.match(outcome.headers.get('content-type') ?? '', /text\/html/);
        assert.match(outcome.text, /<html>/);
      });

      it("'malformed-json' answers 200 with broken JSON", async () => {
        target.emulator.injectFault({ endpoint, kind: 'malformed-json' });
        const outcome = await settle(call(target, endpoint));
        assert.ok(outcome.answered);
        assert.equal(outcome.status, 200);
        assert.match(outcome.headers.get('content-type') ?? '', /application\/json/);
        assert.throws(() => JSON.parse(outcome.text));
      });

      it("'reset' sends headers and part of the body, then resets the connection", async () => {
        target.emulator.injectFault({ endpoint, kind: 'reset' });
        const response = await call(target, endpoint);
        assert.equal(response.status, 200);
        await assert.rejects(response.arrayBuffer());
      });

      it("'hang' never answers, and close() ends it", async () => {
        target.emulator.injectFault({ endpoint, kind: 'hang' });
        let settled = false;
        const hanging = settle(call(target, endpoint)).finally(() => {
          settled = true;
        });
        await waitFor(() => arrived(target.emulator, endpoint, 1), 'the hanging request to arrive');
        // A later request is answered while the first still waits.
        const later = await settle(call(target, endpoint));
        assert.ok(later.answered && later.status === 200);
        assert.equal(settled, false);
        await target.emulator.close();
        const outcome = await hanging;
        assert.equal(outcome.answered, false);
      });

      it("'slow' answers normally after the delay", async () => {
        target.emulator.injectFault({ endpoint, kind: 'slow', delayMs: 20 });
        const outcome = await settle(call(target, endpoint));
        assert.ok(outcome.answered);
        assert.equal(outcome.status, 200);
      });

      it("'slow' stops waiting when the client disconnects", async () => {
        target.emulator.injectFault({ endpoint, kind: 'slow', delayMs: 600_000 });
        const controller = new AbortController();
        const pending = settle(call(target, endpoint, { signal: controller.signal }));
        await waitFor(() => arrived(target.emulator, endpoint, 1), 'the slow request to arrive');
        controller.abort();
        assert.equal((await pending).answered, false);
        const record = target.emulator.requests[0];
        await waitFor(() => record.endedAt !== undefined, 'the server to see the disconnect');
        assert.equal(record.status, undefined);
      });

      it("'redirect' answers 307 to redirectTo", async () => {
        const redirectTo = `${target.emulator.assetBaseUrls[1]}/${target.resultPaths[1]}`;
        target.emulator.injectFault({ endpoint, kind: 'redirect', redirectTo });
        const outcome = await settle(call(target, endpoint));
        assert.ok(outcome.answered);
        assert.equal(outcome.status, 307);
        assert.equal(outcome.headers.get('location'), redirectTo);
      });
    });
  }

  it('a followed API redirect that carries the key shows up in keyLeaks', async () => {
    target.emulator.injectFault({ endpoint: 'generate', kind: 'redirect' });
    await settle(call(target, 'generate', { redirect: 'follow' }));
    assert.equal(target.emulator.keyLeaks.length, 1);
    assert.equal(target.emulator.keyLeaks[0].headers['api-key'], target.emulator.apiKey);
  });

  describe('generate-only shapes', () => {
    async function generateWith(kind: 'not-success' | 'no-results' | 'insufficient-credits' | 'no-temporary-url' | 'top-level-temporary-url') {
      target.emulator.injectFault({ endpoint: 'generate', kind });
      const answer = await requestFeatures(target.emulator, variatorBody({ imageUrl: target.imageUrl, megapixels: '0.25' }));
      assert.equal(answer.status, 200);
      return generationBody(answer);
    }

    it("'not-success': status PROCESSING and no results", async () => {
      const body = await generateWith('not-success');
      assert.equal(body.aiRecord.status, 'PROCESSING');
      assert.deepEqual(body.aiRecord.aiRecordDetail.resultObject, []);
    });
    it("'no-results': SUCCESS with an empty resultObject", async () => {
      const body = await generateWith('no-results');
      assert.equal(body.aiRecord.status, 'SUCCESS');
      assert.deepEqual(body.aiRecord.aiRecordDetail.resultObject, []);
    });
    it("'insufficient-credits': the error code inside resultObject", async () => {
      const body = await generateWith('insufficient-credits');
      assert.deepEqual(body.aiRecord.aiRecordDetail.resultObject, ['INSUFFICIENT_CREDITS']);
    });
    it("'no-temporary-url': temporaryUrl is an empty string", async () => {
      const body = await generateWith('no-temporary-url');
      assert.equal(body.aiRecord.temporaryUrl, '');
      assert.equal(body.aiRecord.aiRecordDetail.resultObject.length, 1);
    });
    it("'top-level-temporary-url': temporaryUrl beside aiRecord, not inside", async () => {
      const body = await generateWith('top-level-temporary-url');
      assert.equal('temporaryUrl' in body.aiRecord, false);
      const [first] = body.aiRecord.aiRecordDetail.resultObject;
      assert.equal(new URL(body.temporaryUrl!).pathname, `/s3/asset.1min.ai/${first}`);
      assert.equal((await settle(fetch(body.temporaryUrl!))).answered, true);
    });
    it('waits for a valid generation: a refused request does not spend it', async () => {
      target.emulator.injectFault({ endpoint: 'generate', kind: 'no-results' });
      const refused = await requestFeatures(target.emulator, variatorBody({ imageUrl: target.imageUrl, num_outputs: 9 }));
      assert.equal(refused.status, 400);
      const body = await generateWith('no-temporary-url');
      assert.deepEqual(body.aiRecord.aiRecordDetail.resultObject, [], 'the earlier no-results fault applied first');
    });
  });

  describe('download-only', () => {
    it("'html' answers 200 text/html instead of the image", async () => {
      target.emulator.injectFault({ endpoint: 'download', kind: 'html' });
      const outcome = await settle(call(target, 'download'));
      assert.ok(outcome.answered);
      assert.equal(outcome.status, 200);
      assert.match(outcome.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(readImageInfo(outcome.bytes), undefined);
    });

    it("'truncated' promises the full length and closes early", async () => {
      target.emulator.injectFault({ endpoint: 'download', kind: 'truncated' });
      const response = await call(target, 'download');
      assert.equal(response.status, 200);
      assert.ok(Number(response.headers.get('content-length')) > 0);
      await assert.rejects(response.arrayBuffer());
    });

    it("'refuse-all-bases' refuses the path everywhere until clearFaults()", async () => {
      const { emulator, resultPaths, temporaryUrl } = target;
      emulator.injectFault({ endpoint: 'download', kind: 'refuse-all-bases' });
      const everywhere = () => [temporaryUrl, ...emulator.assetBaseUrls.map((base) => `${base}/${resultPaths[0]}`)];
      for (const url of [...everywhere(), ...everywhere()]) {
        assert.equal((await fetch(url)).status, 403, url);
      }
      assert.equal((await fetch(`${emulator.assetBaseUrls[1]}/${resultPaths[1]}`)).status, 200, 'times: 1 takes one path');
      emulator.clearFaults();
      assert.equal((await fetch(`${emulator.assetBaseUrls[1]}/${resultPaths[0]}`)).status, 200);
    });

    it('hits only requests that would have served an image (base 0 refuses regardless)', async () => {
      target.emulator.injectFault({ endpoint: 'download', kind: 'status', status: 500 });
      assert.equal((await fetch(`${target.emulator.assetBaseUrls[0]}/${target.resultPaths[0]}`)).status, 403);
      assert.equal((await fetch(`${target.emulator.assetBaseUrls[1]}/${target.resultPaths[0]}`)).status, 500);
    });
  });

  describe('bookkeeping', () => {
    it('applies a fault `times` times, in the order injected', async () => {
      target.emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 503, times: 2 });
      target.emulator.injectFault({ endpoint: 'generate', kind: '429' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const outcome = await settle(call(target, 'generate'));
        assert.ok(outcome.answered);
        statuses.push(outcome.status);
      }
      assert.deepEqual(statuses, [503, 503, 429, 200]);
    });

    it('keeps faults per endpoint', async () => {
      target.emulator.injectFault({ endpoint: 'upload', kind: 'status', status: 500 });
      const generated = await settle(call(target, 'generate'));
      assert.ok(generated.answered && generated.status === 200);
      const uploaded = await settle(call(target, 'upload'));
      assert.ok(uploaded.answered && uploaded.status === 500);
    });

    it('clearFaults() and reset() drop pending faults', async () => {
      target.emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 500 });
      target.emulator.clearFaults();
      target.emulator.injectFault({ endpoint: 'upload', kind: 'status', status: 500 });
      target.emulator.reset();
      assert.equal(target.emulator.requests.length, 0);
      for (const endpoint of ENDPOINTS) {
        const outcome = await settle(call(target, endpoint));
        assert.ok(outcome.answered && outcome.status === 200, endpoint);
      }
    });

    it('refuses a fault kind that does not fit the endpoint', () => {
      assert.throws(() => target.emulator.injectFault({ endpoint: 'upload', kind: 'no-results' }), /does not apply/);
      assert.throws(() => target.emulator.injectFault({ endpoint: 'generate', kind: 'truncated' }), /does not apply/);
      assert.throws(() => target.emulator.injectFault({ endpoint: 'download', kind: 'not-success' }), /does not apply/);
      assert.throws(() => target.emulator.injectFault({ endpoint: 'generate', kind: 'status', times: 0 }), /times/);
      assert.equal(TRANSPORT_FAULTS.length, 8);
    });
  });
});
