import * as assert from 'node:assert/strict';
import { ERROR_KINDS, FluxReduxError, extractErrorCode, extractServerMessage, redactSecrets } from '../../src/api/errors';
import { failedBeforeSending, failureFromHttpStatus, makeFailure, transportErrorCode } from '../../src/api/failures';
import { describeFailureFacts } from '../../src/api/failureWords';
import { ALL_SAMPLE_FACTS } from './failure-samples';

const KEY = 'sk-test-0123456789abcdef';

describe('api/errors', () => {
  describe('FluxReduxError', () => {
    // The error is made from facts now (issue 10: records keep facts, not sentences), so the words
    // are the sentence of its facts rather than words handed in.
    it('appends the server text to the user words and keeps the fields', () => {
      const error = new FluxReduxError({
        facts: { what: 'key-refused', status: 401, serverMessage: 'API Key has been deleted' }, action: 'setApiKey',
      });
      assert.equal(
        error.message,
        '1min.ai refused the API key (HTTP 401). Run “Flux Redux: Set API Key…” to enter a valid key. The server said: “API Key has been deleted”',
      );
      assert.equal(error.kind, 'unauthorized');
      assert.equal(error.serverMessage, 'API Key has been deleted');
      assert.equal(error.status, 401);
      assert.equal(error.action, 'setApiKey');
      assert.equal(error.mayBeCharged, false);
      assert.ok(error instanceof Error);
    });

    it('scrubs the key from words and server text', () => {
      const error = new FluxReduxError({
        facts: { what: 'api-redirected', host: 'https://api.example', location: `https://elsewhere.example/?k=${KEY}`, serverMessage: `you sent API-KEY: ${KEY}` },
        secrets: [KEY],
      });
      assert.equal(error.message.includes(KEY), false);
      assert.equal(error.serverMessage?.includes(KEY), false);
      assert.equal(JSON.stringify(error.facts).includes(KEY), false, 'the facts a record keeps are scrubbed too');
      assert.match(error.message, /\[redacted\]/);
    });
  });

  describe('redactSecrets', () => {
    it('hides key-shaped values even when the key is not known', () => {
      assert.equal(redactSecrets('header API-KEY: abc123def', []), 'header API-KEY: [redacted]');
      assert.equal(redactSecrets('{"api_key":"zzz999"}', []), '{"api_key":"[redacted]"}');
    });

    it('leaves ordinary sentences about keys alone', () => {
      assert.equal(redactSecrets('API Key has been deleted', []), 'API Key has been deleted');
    });
  });

  describe('extractServerMessage', () => {
    it('reads message, error or detail from JSON bodies', () => {
      assert.equal(extractServerMessage('{"errorCode":"HTTP_EXCEPTION","message":"API Key has been deleted"}'), 'API Key has been deleted');
      assert.equal(extractServerMessage('{"error":"Bad things"}'), 'Bad things');
      assert.equal(extractServerMessage('{"detail":"Not found"}'), 'Not found');
      assert.equal(extractServerMessage('{"error":{"message":"nested"}}'), 'nested');
      assert.equal(extractServerMessage('{"message":["a must be set","b too"]}'), 'a must be set; b too');
    });

    it('takes the title of an HTML page and never its markup', () => {
      const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad</h1></body></html>';
      assert.equal(extractServerMessage(html, 'text/html'), '502 Bad Gateway');
      assert.equal(extractServerMessage('<html><body><h1>Service <b>down</b></h1></body></html>'), 'Service down');
    });

    it('returns undefined for empty bodies and JSON without text', () => {
      assert.equal(extractServerMessage('   '), undefined);
      assert.equal(extractServerMessage('{"ok":false}'), undefined);
    });

    it('reads error codes', () => {
      assert.equal(extractErrorCode('{"errorCode":"UNSUPPORTED_MODEL","message":"x"}'), 'UNSUPPORTED_MODEL');
      assert.equal(extractErrorCode('not json'), undefined);
    });
  });

  describe('failureFromHttpStatus', () => {
    const generate = { operation: 'generate' as const, secrets: [KEY], mayHaveRun: true };

    it('maps a deleted key to unauthorized with the server words and a Set API Key action', () => {
      const error = failureFromHttpStatus(401, '{"errorCode":"HTTP_EXCEPTION","message":"API Key has been deleted"}', 'application/json', generate);
      assert.equal(error.kind, 'unauthorized');
      assert.equal(error.action, 'setApiKey');
      assert.match(error.message, /API Key has been deleted/);
      assert.equal(error.mayBeCharged, false);
    });

    it('maps statuses and bodies to kinds', () => {
      const kind = (status: number, body: string, op: 'upload' | 'generate' = 'generate'): string =>
        failureFromHttpStatus(status, body, undefined, { operation: op, secrets: [] }).kind;
      assert.equal(kind(413, '', 'upload'), 'payload-too-large');
      assert.equal(kind(429, '{"message":"slow down"}'), 'rate-limited');
      assert.equal(kind(502, '<html><title>Bad Gateway</title></html>'), 'server-error');
      assert.equal(kind(403, '{"message":"Forbidden resource"}'), 'forbidden');
      assert.equal(kind(403, '{"message":"API Key is not active"}'), 'unauthorized');
      assert.equal(kind(400, '{"errorCode":"INSUFFICIENT_CREDITS","message":"Not enough credits"}'), 'insufficient-credits');
      assert.equal(kind(400, '{"errorCode":"UNSUPPORTED_MODEL","message":"Model not supported"}'), 'invalid-request');
      assert.equal(kind(404, '{"message":"Asset not found: images/x.png"}'), 'unknown-asset');
      assert.equal(kind(404, '{"message":"Asset not found"}', 'upload'), 'invalid-request');
    });

    it('marks a 5xx on the paid call as maybe charged, a 4xx not', () => {
      assert.equal(failureFromHttpStatus(500, '{}', undefined, generate).mayBeCharged, true);
      assert.equal(failureFromHttpStatus(400, '{}', undefined, generate).mayBeCharged, false);
      assert.equal(failureFromHttpStatus(500, '{}', undefined, { operation: 'upload', secrets: [] }).mayBeCharged, false);
    });

    // Errors are made from facts (issue 10), so every fact stands in for "every kind" here.
    it('gives every kind words beyond the server text, and the server text too', () => {
      const kinds = new Set<string>();
      for (const sample of ALL_SAMPLE_FACTS) {
        const error = makeFailure({ ...sample, serverMessage: `server says ${KEY} no` }, { operation: 'generate', secrets: [KEY] });
        kinds.add(error.kind);
        const { serverMessage: _said, ...withoutServerText } = sample;
        const words = describeFailureFacts(withoutServerText);
        assert.ok(words.trim() !== '', sample.what);
        assert.ok(error.message.startsWith(words), `${sample.what}: ${error.message}`);
        assert.match(error.message, /server says \[redacted\] no/);
        assert.equal(error.message.includes(KEY), false);
      }
      assert.deepEqual([...kinds].sort(), [...ERROR_KINDS].sort(), 'every kind has a fact that makes it');
    });

    it('keeps the retry hint of a 429', () => {
      const error = failureFromHttpStatus(429, '', undefined, { operation: 'upload', secrets: [] }, 30_000);
      assert.equal(error.retryAfterMs, 30_000);
      assert.match(error.message, /30 s/);
    });
  });

  describe('transport errors', () => {
    it('finds codes along cause chains and in aggregate errors', () => {
      const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
      assert.equal(transportErrorCode(refused), 'ECONNREFUSED');
      assert.equal(failedBeforeSending(refused), true);
      const aggregate = new TypeError('fetch failed', {
        cause: new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]),
      });
      assert.equal(failedBeforeSending(aggregate), true);
      const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
      assert.equal(failedBeforeSending(reset), false);
      assert.equal(failedBeforeSending(new Error('plain')), false);
    });
  });
});
