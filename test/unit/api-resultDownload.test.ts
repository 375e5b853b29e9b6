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
