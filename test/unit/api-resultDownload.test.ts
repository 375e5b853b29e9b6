import * as assert from 'node:assert/strict';
import { DEFAULT_BACKOFF } from '../../src/api/backoff';
import { downloadResultImage, type ResultDownloadEnv } from '../../src/api/resultDownload';
import { expectFluxReduxError, pngBytes, recordingLog, recordingSleep } from './api-helpers';

const RESULT = 'development/images/r.png';
const BASE_A = 'https://a.example/bucket';
const BASE_B = 'https://b.example';
const AT_A = `${BASE_A}/development/images/r.png`;
const AT_B = `${BASE_B}/development/images/r.png`;

type Answer = () => Response | Promise<Response>;

/** A stand-in fetch that answers each URL from a list, one answer per request (the last repeats). */
function scriptedFetch(script: Record<string, Answer[]>): { fetch: typeof globalThis.fetch; asked: string[] } {
  const asked: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    asked.push(url);
    const answers = script[url];
    assert.ok(answers, `unexpected request to ${url}`);
    const count = asked.filter((u) => u === url).length;
    return answers[Math.min(count, answers.length) - 1]();
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

function downloadEnv(fetch: typeof globalThis.fetch, sleep = recordingSleep().sleep): ResultDownloadEnv {
  return {
    exchange: { fetch, now: () => 0, log: recordingLog() },
    retry: { policy: { ...DEFAULT_BACKOFF, maxRetries: 2 }, random: () => 0, sleep },
    transferTimeoutMs: 5_000,
  };
}

const png: Answer = () => new Response(pngBytes(8, 6), { headers: { 'content-type': 'image/png' } });
const status = (code: number): Answer => () => new Response('no', { status: code });
const html: Answer = () => new Response('<!DOCTYPE html><html><body>Sign in</body></html>', { headers: { 'content-type': 'text/html' } });
const gif: Answer = () => new Response(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'));
const refused: Answer = () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
};

const redirectTo = (location: string): Answer => () => new Response(null, { status: 302, headers: { location } });

describe('api/resultDownload', () => {
  it('takes the first complete image, moving past a refusal at once, and says which base served it', async () => {
    const { fetch, asked } = scriptedFetch({ [AT_A]: [status(403)], [AT_B]: [png] });
    const { image, base } = await downloadResultImage({ resultPath: RESULT, candidates: [AT_A, AT_B], bases: [BASE_A, BASE_B] }, downloadEnv(fetch));
    assert.deepEqual(asked, [AT_A, AT_B], 'a 403 is not asked again');
    assert.equal(base, BASE_B);
    assert.equal(image.format, 'png');
    assert.equal(image.extension, 'png');
    assert.deepEqual([image.width, image.height], [8, 6]);
    assert.equal(image.sourceUrl, AT_B);
  });

  it('names no base for a presigned link, and keeps its signature out of the source URL', async () => {
    const presigned = `${AT_A}?X-Amz-Signature=secret`;
    const { fetch } = scriptedFetch({ [presigned]: [png] });
    // The link lies under base A: a presigned link under no base is not fetched at all (see below).
    const { image, base } = await downloadResultImage({ resultPath: RESULT, candidates: [presigned], bases: [BASE_A, BASE_B] }, downloadEnv(fetch));
    assert.equal(base, undefined);
    assert.equal(image.sourceUrl, AT_A);
  });

  it('asks a source that may recover (503) again after a backoff', async () => {
    const { fetch, asked } = scriptedFetch({ [AT_A]: [status(503), png] });
    const sleep = recordingSleep();
    const { image } = await downloadResultImage({ resultPath: RESULT, candidates: [AT_A], bases: [BASE_A] }, downloadEnv(fetch, sleep.sleep));
    assert.equal(image.format, 'png');
    assert.deepEqual(asked, [AT_A, AT_A]);
    assert.deepEqual(sleep.delays, [250], 'the first step of the default backoff, jitter at its low end');
  });

  it('fails as not-an-image when every source sent something else, naming what (an HTML page, a GIF)', async () => {
    const { fetch } = scriptedFetch({ [AT_A]: [html], [AT_B]: [gif] });
    const error = await expectFluxReduxError(
      downloadResultImage({ resultPath: RESULT, candidates: [AT_A, AT_B], bases: [BASE_A, BASE_B] }, downloadEnv(fetch)),
    );
    assert.equal(error.kind, 'not-an-image');
    assert.equal(error.operation, 'download');
    assert.match(error.message, /“r\.png”/);
    assert.match(error.message, new RegExp(`${AT_A}: an HTML page, not an image; ${AT_B}: a GIF file, not PNG, JPEG or WebP`));
  });

  it('lists what each source did when none could be reached or each refused, retrying only the unreachable', async () => {
    const { fetch, asked } = scriptedFetch({ [AT_A]: [status(404)], [AT_B]: [refused] });
    const sleep = recordingSleep();
    const error = await expectFluxReduxError(
      downloadResultImage({ resultPath: RESULT, candidates: [AT_A, AT_B], bases: [BASE_A, BASE_B] }, downloadEnv(fetch, sleep.sleep)),
    );
    assert.equal(error.kind, 'download-failed');
    assert.equal(error.action, 'openSettings');
    assert.match(error.message, new RegExp(`Tried ${AT_A}: HTTP 404; ${AT_B}: unreachable \\(ECONNREFUSED\\)`));
    assert.equal(asked.filter((url) => url === AT_A).length, 1);
    assert.equal(asked.filter((url) => url === AT_B).length, 3, 'the first try and two retries');
    assert.equal(sleep.delays.length, 2);
  });

  it('refuses at once when there is nowhere to ask', async () => {
    const { fetch, asked } = scriptedFetch({});
    const error = await expectFluxReduxError(downloadResultImage({ resultPath: RESULT, candidates: [], bases: [] }, downloadEnv(fetch)));
    assert.equal(error.kind, 'download-failed');
    assert.equal(error.action, 'openSettings');
    assert.match(error.message, /nowhere to download/);
    assert.deepEqual(asked, []);
  });

  it('stops as cancelled when cancelled during the wait before a retry', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch({ [AT_A]: [status(503)] });
    const sleep = async (): Promise<void> => {
      controller.abort();
      throw new Error('aborted');
    };
    const error = await expectFluxReduxError(
      downloadResultImage({ resultPath: RESULT, candidates: [AT_A], bases: [BASE_A] }, downloadEnv(fetch, sleep), controller.signal),
    );
    assert.equal(error.kind, 'cancelled');
    assert.equal(error.mayBeCharged, false);
  });
});

describe('api/resultDownload: only under the bases, only what fits an image', () => {
  it('asks no source under no base, and names its host', async () => {
    const foreign = 'http://169.254.169.254/latest/meta-data/';
    const { fetch, asked } = scriptedFetch({});
    const error = await expectFluxReduxError(downloadResultImage({ resultPath: foreign, candidates: [foreign], bases: [BASE_A] }, downloadEnv(fetch)));
    assert.deepEqual(asked, []);
    assert.deepEqual(error.facts, { what: 'download-elsewhere', operation: 'download', name: 'meta-data', host: '169.254.169.254', redirected: false });
  });

  it('follows redirects by hand, each hop only under a base', async () => {
    const hop = `${BASE_A}/moved/r.png`;
    const inits: RequestInit[] = [];
    const { fetch: scripted, asked } = scriptedFetch({ [AT_B]: [redirectTo(hop)], [hop]: [png] });
    const fetch: typeof globalThis.fetch = (input, init) => {
      inits.push(init ?? {});
      return scripted(input, init);
    };
    const { image } = await downloadResultImage({ resultPath: RESULT, candidates: [AT_B], bases: [BASE_A, BASE_B] }, downloadEnv(fetch));
    assert.equal(image.format, 'png');
    assert.deepEqual(asked, [AT_B, hop]);
    assert.deepEqual(inits.map((init) => init.redirect), ['manual', 'manual']);
  });

  it('does not follow a redirect out of the bases (another bucket on the same host), and says where it pointed', async () => {
    const otherBucket = 'https://a.example/other-bucket/r.png';
    const { fetch, asked } = scriptedFetch({ [AT_A]: [redirectTo(otherBucket)], [AT_B]: [status(404)] });
    const error = await expectFluxReduxError(
      downloadResultImage({ resultPath: RESULT, candidates: [AT_A, AT_B], bases: [BASE_A, BASE_B] }, downloadEnv(fetch)),
    );
    assert.deepEqual(asked, [AT_A, AT_B]);
    assert.equal(error.facts.what, 'download-elsewhere');
    assert.match(error.message, /redirected to a\.example, which is not under any address of the setting fluxRedux\.assetBaseUrls/);
  });

  it('stops after a few hops even under a base', async () => {
    const loop = `${BASE_A}/loop/r.png`;
    const { fetch, asked } = scriptedFetch({ [AT_A]: [redirectTo(loop)], [loop]: [redirectTo(loop)] });
    const error = await expectFluxReduxError(downloadResultImage({ resultPath: RESULT, candidates: [AT_A], bases: [BASE_A] }, downloadEnv(fetch)));
    assert.equal(asked.length, 6);
    assert.equal(error.facts.what, 'download-failed');
    assert.match(error.message, /redirected to https:\/\/a\.example\/bucket\/loop\/r\.png/);
  });

  it('refuses a result whose Content-Length says more than 50 MB without reading it', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const { fetch } = scriptedFetch({ [AT_A]: [() => new Response(endless, { headers: { 'content-length': String(50 * 1024 * 1024 + 1) } })] });
    const error = await expectFluxReduxError(downloadResultImage({ resultPath: RESULT, candidates: [AT_A], bases: [BASE_A] }, downloadEnv(fetch)));
    assert.deepEqual(error.facts, { what: 'download-too-large', operation: 'download', name: 'r.png', maxMB: 50 });
    assert.ok(pulled <= 1, `read ${pulled} chunks`);
  });

  it('refuses an image whose header says more than 40 megapixels, and takes one of exactly 40', async () => {
    const huge = () => new Response(pngBytes(8000, 5001));
    const fits = () => new Response(pngBytes(8000, 5000));
    const { fetch } = scriptedFetch({ [AT_A]: [huge], [AT_B]: [fits] });
    const error = await expectFluxReduxError(downloadResultImage({ resultPath: RESULT, candidates: [AT_A], bases: [BASE_A] }, downloadEnv(fetch)));
    assert.deepEqual(error.facts, { what: 'download-too-many-pixels', operation: 'download', name: 'r.png', width: 8000, height: 5001, maxMegapixels: 40 });
    const { image } = await downloadResultImage({ resultPath: RESULT, candidates: [AT_B], bases: [BASE_B] }, downloadEnv(fetch));
    assert.deepEqual([image.width, image.height], [8000, 5000]);
  });
});
