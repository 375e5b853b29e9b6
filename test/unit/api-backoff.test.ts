import * as assert from 'node:assert/strict';
import { DEFAULT_BACKOFF, abortableSleep, backoffDelayMs, parseRetryAfterMs, pauseBeforeRetry } from '../../src/api/backoff';
import { FluxReduxError } from '../../src/api/errors';
import { checkBaseUrl, isLoopbackHost } from '../../src/api/endpoint';
import { buildMultipartBody } from '../../src/api/multipart';

describe('api/backoff', () => {
  it('grows exponentially up to the cap, jittered within the upper half of each step', () => {
    const low = [0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, DEFAULT_BACKOFF, () => 0));
    const high = [0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, DEFAULT_BACKOFF, () => 1));
    assert.deepEqual(low, [250, 500, 1000, 2000, 4000, 4000]);
    assert.deepEqual(high, [500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    assert.equal(parseRetryAfterMs('120', now), 120_000);
    assert.equal(parseRetryAfterMs('1.5', now), 1_500);
    assert.equal(parseRetryAfterMs('Sun, 01 Mar 2026 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfterMs('soon', now), undefined);
    assert.equal(parseRetryAfterMs(null, now), undefined);
  });

  it('sleeps for the time asked, and stops at once on a cancel', async () => {
    const started = Date.now();
    await abortableSleep(20);
    assert.ok(Date.now() - started >= 15);

    const controller = new AbortController();
    const cut = abortableSleep(60_000, controller.signal);
    controller.abort();
    await assert.rejects(cut, /aborted/);
    await assert.rejects(abortableSleep(1, AbortSignal.abort()), /aborted/);
  });

  it('reports a cancel during the wait before a retry as a cancel that charged nothing', async () => {
    const ctx = { operation: 'generate' as const, secrets: [], mayHaveRun: true };
    const asked: number[] = [];
    await pauseBeforeRetry(async (ms) => void asked.push(ms), 250, undefined, ctx);
    assert.deepEqual(asked, [250]);

    const controller = new AbortController();
    const pausing = pauseBeforeRetry((ms, signal) => abortableSleep(ms, signal), 60_000, controller.signal, ctx);
    controller.abort();
    await assert.rejects(pausing, (error: unknown) => {
      assert.ok(error instanceof FluxReduxError);
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.mayBeCharged, false);
      return true;
    });

    // A sleep that fails for another reason is not a cancel.
    await assert.rejects(
      pauseBeforeRetry(async () => Promise.reject(new Error('clock broke')), 1, undefined, ctx),
      /clock broke/,
    );
  });
});

describe('api/endpoint', () => {
  it('knows loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'emu.localhost']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['api.1min.ai', '128.0.0.1', '127.0.0.1.example.com', '10.0.0.1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('accepts https anywhere and http on loopback only', () => {
    assert.deepEqual(checkBaseUrl('https://api.1min.ai/', 'x'), { ok: true, base: 'https://api.1min.ai', origin: 'https://api.1min.ai' });
    assert.deepEqual(checkBaseUrl('https://relay.example/1min//', 'x'), {
      ok: true, base: 'https://relay.example/1min', origin: 'https://relay.example',
    });
    assert.equal(checkBaseUrl('http://127.0.0.1:8080', 'x').ok, true);
    assert.equal(checkBaseUrl('http://[::1]:8080', 'x').ok, true);
    const plain = checkBaseUrl('http://api.1min.ai', 'fluxRedux.apiBaseUrl');
    assert.ok(!plain.ok);
    assert.match(plain.reason, /fluxRedux\.apiBaseUrl/);
    assert.equal(checkBaseUrl('ftp://api.1min.ai', 'x').ok, false);
    assert.equal(checkBaseUrl('not a url', 'x').ok, false);
    assert.equal(checkBaseUrl('https://user:pw@api.1min.ai', 'x').ok, false);
  });
});

describe('api/multipart', () => {
  async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return Buffer.concat(chunks);
      }
      chunks.push(Buffer.from(value));
    }
  }

  it('builds one file part with its name and type, as long as it says, counting bytes as they go', async () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    const body = buildMultipartBody({ field: 'asset', fileName: 'my "cat".png', mimeType: 'image/png', bytes });
    const progress: number[] = [];
    const sent = await collect(body.stream((count, total) => {
      assert.equal(total, body.length);
      progress.push(count);
    }));
    assert.equal(sent.length, body.length);
    assert.equal(progress[progress.length - 1], body.length);
    assert.ok(progress.length > 3, 'progress comes in several steps');
    assert.deepEqual([...progress].sort((a, b) => a - b), progress);

    const boundary = /boundary=(.+)$/.exec(body.contentType)?.[1];
    assert.ok(boundary);
    const text = sent.toString('latin1');
    assert.ok(text.startsWith(`--${boundary}\r\n`));
    assert.ok(text.includes('Content-Disposition: form-data; name="asset"; filename="my %22cat%22.png"\r\n'));
    assert.ok(text.includes('Content-Type: image/png\r\n\r\n'));
    assert.ok(text.endsWith(`\r\n--${boundary}--\r\n`));
    const start = sent.indexOf('\r\n\r\n') + 4;
    assert.deepEqual(new Uint8Array(sent.subarray(start, start + bytes.length)), bytes);
  });

  it('gives a fresh stream each time (for retries)', async () => {
    const body = buildMultipartBody({ field: 'asset', fileName: 'a.png', mimeType: 'image/png', bytes: new Uint8Array([1, 2, 3]) });
    const first = await collect(body.stream());
    const second = await collect(body.stream());
    assert.deepEqual(first, second);
  });
});
