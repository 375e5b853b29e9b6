import * as assert from 'node:assert/strict';
import { callApi, parseJsonAnswer, type ApiCallEnv } from '../../src/api/apiCall';
import { DEFAULT_BACKOFF } from '../../src/api/backoff';
import type { RequestSpec, ResponseOutcome } from '../../src/api/exchange';
import { expectFluxReduxError, recordingLog, recordingSleep } from './api-helpers';

const URL_FEATURES = 'https://api.example/api/features';

/** Answers the requests in order (the last answer repeats) and counts them. */
function answering(...answers: Array<() => Response>): { fetch: typeof globalThis.fetch; calls: () => number } {
  let calls = 0;
  const fetch = (async () => answers[Math.min(++calls, answers.length) - 1]()) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

function env(fetch: typeof globalThis.fetch, sleep = recordingSleep()): ApiCallEnv {
  return {
    exchange: { fetch, now: () => 0, log: recordingLog() },
    retry: { policy: { ...DEFAULT_BACKOFF }, random: () => 0, sleep: sleep.sleep },
  };
}

function spec(operation: 'upload' | 'generate'): RequestSpec {
  return {
    method: 'POST',
    url: URL_FEATURES,
    headers: { 'Content-Type': 'application/json' },
    body: () => '{}',
    apiKey: 'key-0123456789',
    timeoutMs: 5_000,
    timeoutMode: 'total',
    maxBodyBytes: 1024 * 1024,
    ctx: { operation, secrets: ['key-0123456789'] },
  };
}

const status = (code: number, headers: Record<string, string> = {}) => () => new Response('{"message":"busy"}', { status: code, headers });
const success = () => Response.json({ fine: true });

describe('api/apiCall', () => {
  it('resends an upload after a 5xx, with the backoff between', async () => {
    const server = answering(status(502), success);
    const sleep = recordingSleep();
    const response = await callApi(spec('upload'), false, env(server.fetch, sleep));
    assert.equal(response.status, 200);
    assert.equal(server.calls(), 2);
    assert.deepEqual(sleep.delays, [250]);
  });

  it('never resends the paid call after a 5xx: it may have run, and may be charged', async () => {
    const server = answering(status(500), success);
    const error = await expectFluxReduxError(callApi(spec('generate'), true, env(server.fetch)));
    assert.equal(server.calls(), 1);
    assert.equal(error.kind, 'server-error');
    assert.equal(error.mayBeCharged, true);
  });

  it('resends the paid call after a 429 (not processed), waiting as long as Retry-After says', async () => {
    const server = answering(status(429, { 'retry-after': '2' }), success);
    const sleep = recordingSleep();
    await callApi(spec('generate'), true, env(server.fetch, sleep));
    assert.equal(server.calls(), 2);
    assert.deepEqual(sleep.delays, [2_000]);
  });

  it('gives up after the policy’s retries and reports the last answer', async () => {
    const server = answering(status(503));
    const error = await expectFluxReduxError(callApi(spec('upload'), false, env(server.fetch)));
    assert.equal(server.calls(), 1 + DEFAULT_BACKOFF.maxRetries);
    assert.equal(error.kind, 'server-error');
    assert.equal(error.status, 503);
  });

  it('reads the JSON of an answer, or fails as a bad response quoting what came instead', () => {
    const answer = (text: string, contentType: string): ResponseOutcome => ({
      kind: 'response',
      status: 200,
      headers: new Headers({ 'content-type': contentType }),
      body: new TextEncoder().encode(text),
      url: URL_FEATURES,
    });
    assert.deepEqual(parseJsonAnswer(answer('{"a":1}', 'application/json'), { operation: 'upload', secrets: [] }), { a: 1 });
    assert.throws(
      () => parseJsonAnswer(answer('<html><title>Gateway says no</title></html>', 'text/html'), { operation: 'upload', secrets: [] }),
      (error: { kind?: string; serverMessage?: string }) => error.kind === 'bad-response' && error.serverMessage === 'Gateway says no',
    );
  });
});
