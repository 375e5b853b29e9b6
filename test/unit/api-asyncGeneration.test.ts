import * as assert from 'node:assert/strict';
import { type ClientDeps, type OneMinClient } from '../../src/api/client';
import { PollLimiter, type PollGate } from '../../src/api/pollLimiter';
import type { VariationOptions } from '../../src/options/types';
import type { UploadPayload } from '../../src/shared/imageFormat';
import { AsyncRefusalMemory } from '../../src/runs/asyncRefusals';
import { type Emulator, startEmulator } from '../emulator';
import { emulatorClient, expectFluxReduxError, pngBytes, recordingLog } from './api-helpers';
import { type FastClock, type SeenRequest, fastClock, watchingFetch } from './support/fastClock';

const MODEL = 'black-forest-labs/flux-redux-dev' as const;
const SOURCE: UploadPayload = { bytes: pngBytes(64, 48), fileName: 'quay.png', mimeType: 'image/png' };
const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 4, seed: 7,
  output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
};

/** A globalState stand-in. */
function memoryStore(): { get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void> } {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key, value) => void values.set(key, value) };
}

describe('api/client: asynchronous generation against the emulator', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let clock: FastClock;
  let seen: SeenRequest[];
  let log: ReturnType<typeof recordingLog>;
  let imageUrl: string;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    emulator.setLatency({});
    clock = fastClock(100);
    seen = [];
    log = recordingLog();
    imageUrl = (await emulatorClient(emulator).uploadAsset(SOURCE)).path;
    emulator.reset();
  });

  function client(overrides: Partial<ClientDeps> = {}, before?: (request: SeenRequest) => Promise<void> | void): OneMinClient {
    return emulatorClient(emulator, {
      fetch: watchingFetch(clock, seen, before),
      generationMode: 'async',
      requestTimeoutMs: 300_000,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      log,
      ...overrides,
    });
  }

  const features = () => seen.filter((r) => r.url.endsWith('/api/features'));
  const polls = () => seen.filter((r) => r.url.includes('/api/results/'));
  const generate = (api: OneMinClient, opts: Parameters<OneMinClient['generateVariations']>[1] = {}) =>
    api.generateVariations({ model: MODEL, imageUrl, options: OPTIONS }, opts);

  it('sends "async": true, polls the PROCESSING record until SUCCESS, and downloads from its fresh link', async () => {
    emulator.setLatency({ generationMs: 150 });
    const accepted: Array<{ recordId: string; pollsBefore: number }> = [];
    const api = client();
    const result = await generate(api, { onAccepted: async ({ recordId }) => void accepted.push({ recordId, pollsBefore: polls().length }) });
    assert.equal(result.mode, 'async');
    assert.deepEqual((features()[0].body as { async?: unknown }).async, true);
    assert.equal(features().length, 1, 'one paid call');
    assert.ok(polls().length >= 2, `polled while it was PROCESSING (${polls().length} polls)`);
    assert.deepEqual(accepted, [{ recordId: result.recordId, pollsBefore: 0 }], 'told of the record before the first poll');
    assert.ok(polls().every((poll) => poll.url.endsWith(`/api/results/${result.recordId}`)));
    assert.equal(result.resultPaths.length, 1);
    assert.match(result.temporaryUrl ?? '', /X-Amz-Signature=/);
    const image = await api.downloadResult(result.resultPaths[0], result.temporaryUrl);
    assert.equal(image.format, 'png');
    assert.ok(log.lines.some((line) => line.includes('Generation mode: async')));
  });

  it('polls every second at first, then less often', async () => {
    // A record that stays PROCESSING, so the whole schedule plays out; the pauses asked for are
    // read from the sleep, so a busy machine does not change what is checked.
    // Slow enough that a poll's real round trip on a loaded machine stays a small part of a virtual second.
    clock = fastClock(20);
    const pauses: Array<{ since: number; ms: number }> = [];
    const sleep = (ms: number, signal?: AbortSignal) => {
      if (features().length > 0 && ms >= 1_000) {
        pauses.push({ since: clock.now() - features()[0].at, ms });
      }
      return clock.sleep(ms, signal);
    };
    emulator.injectFault({ endpoint: 'generate', kind: 'not-success' });
    await expectFluxReduxError(generate(client({ requestTimeoutMs: 75_000, sleep })));
    const early = pauses.filter(({ since }) => since < 19_000);
    assert.ok(early.length >= 5 && early.every(({ ms }) => ms === 1_000), `early pauses ${early.map(({ ms }) => ms).join(', ')}`);
    const later = pauses.filter(({ since }) => since > 21_000 && since < 59_000);
    assert.ok(later.length >= 3 && later.every(({ ms }) => ms === 2_000), 'every 2 s after 20 s');
    // (The last pause only runs out the deadline.)
    assert.ok(pauses.filter(({ since }) => since > 61_000 && since < 68_000).every(({ ms }) => ms === 5_000), 'every 5 s after a minute');
    assert.ok(polls().length >= 10, `${polls().length} polls`);
  });

  it('carries on as in sync mode when the server ignores the flag and answers with the finished record', async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'ignore-async' });
    const result = await generate(client());
    assert.equal(result.mode, 'sync');
    assert.equal(result.resultPaths.length, 1);
    assert.equal(polls().length, 0);
    assert.ok(log.lines.some((line) => /ignored the flag/.test(line)));
  });

  it('sends once more without the flag when it is refused, and not to that origin for a day', async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'refuse-async', times: Infinity });
    let time = Date.parse('2026-01-01T00:00:00Z');
    const refusals = new AsyncRefusalMemory(memoryStore(), () => time);
    const api = client({ asyncRefusals: refusals });

    const first = await generate(api);
    assert.equal(first.mode, 'sync');
    assert.deepEqual(features().map((r) => (r.body as { async?: boolean }).async), [true, undefined], 'refused, then sent once without it');
    assert.equal(emulator.requests.filter((r) => r.path === '/api/features' && r.status === 200).length, 1);
    assert.ok(refusals.isRefused(emulator.apiBaseUrl));
    assert.equal(refusals.isRefused('https://api.1min.ai'), false, 'per origin');

    seen.length = 0;
    time += 23 * 60 * 60 * 1000;
    await generate(api);
    assert.deepEqual(features().map((r) => (r.body as { async?: boolean }).async), [undefined], 'not sent again within the day');
    assert.ok(log.lines.some((line) => /refused the async flag within the last day/.test(line)));

    seen.length = 0;
    time += 2 * 60 * 60 * 1000;
    emulator.clearFaults();
    await generate(api);
    assert.equal((features()[0].body as { async?: boolean }).async, true, 'tried again after a day');
  });

  it('reads a refusal whose message is an array, and only a 400/422 that names async', async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'refuse-async', status: 400, message: 'property async should not exist' });
    assert.equal((await generate(client())).mode, 'sync');
    seen.length = 0;
    emulator.injectFault({ endpoint: 'generate', kind: 'status', status: 422, message: 'seed must be an integer' });
    const error = await expectFluxReduxError(generate(client()));
    assert.equal(error.kind, 'invalid-request');
    assert.equal(features().length, 1, 'any other 4xx fails with no resend');
  });

  it('fails a FAILED record with the server’s own words and keeps its id', async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'job-fails', message: 'Prediction failed: GPU out of memory' });
    const error = await expectFluxReduxError(generate(client()));
    assert.equal(error.kind, 'not-success');
    assert.match(error.message, /failed \(status FAILED\)/);
    assert.match(error.message, /Prediction failed: GPU out of memory/);
    assert.deepEqual(error.facts, {
      what: 'generation-failed',
      operation: 'generate',
      recordStatus: 'FAILED',
      serverMessage: 'Prediction failed: GPU out of memory',
    });
    assert.ok(error.recordId);
    assert.equal(error.mayBeCharged, true);
  });

  it('fails a FAILED answer to the synchronous call with the same words', async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'job-fails', message: 'Upstream model error' });
    const error = await expectFluxReduxError(generate(client({ generationMode: 'sync' })));
    assert.match(error.message, /Upstream model error/);
  });

  it('says the server lost the record, with its id, on {"aiRecord": null}', async () => {
    emulator.setLatency({ generationMs: 100 });
    emulator.injectFault({ endpoint: 'result', kind: 'lost' });
    const error = await expectFluxReduxError(generate(client()));
    assert.equal(error.kind, 'record-lost');
    assert.match(error.message, /no longer knows the generation/);
    assert.deepEqual(error.facts, { what: 'record-lost', operation: 'generate' });
    assert.ok(error.recordId);
    assert.equal(error.mayBeCharged, true);
    assert.equal(features().length, 1, 'never sent again');
  });

  it('polls again after a 429, a 5xx, an HTML page and a broken connection, never failing for them', async () => {
    emulator.setLatency({ generationMs: 50 });
    for (const fault of [{ kind: '429' as const }, { kind: 'status' as const, status: 503 }, { kind: '502-html' as const }, { kind: 'reset' as const }, { kind: 'malformed-json' as const }]) {
      emulator.injectFault({ endpoint: 'result', ...fault });
    }
    const result = await generate(client());
    assert.equal(result.resultPaths.length, 1);
    assert.equal(features().length, 1);
    assert.ok(polls().length >= 6);
    assert.ok(log.lines.some((line) => /polling again/.test(line)));
  });

  it('waits as long as Retry-After says before the next poll', async () => {
    emulator.injectFault({ endpoint: 'result', kind: '429', retryAfterSeconds: 7 });
    await generate(client());
    const [limited, next] = polls();
    assert.ok(next.at - limited.at >= 7_000, `next poll after ${next.at - limited.at} ms`);
  });

  it('gives up at requestTimeoutSeconds counted from the paid call, with the record id to fetch later', async () => {
    // The record answers PROCESSING for ever.
    emulator.injectFault({ endpoint: 'generate', kind: 'not-success' });
    const error = await expectFluxReduxError(generate(client({ requestTimeoutMs: 60_000 })));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /had not finished the variations after 60 s/);
    assert.deepEqual(error.facts, { what: 'poll-timeout', operation: 'generate', seconds: 60 });
    assert.ok(error.recordId);
    const waited = polls()[polls().length - 1].at - features()[0].at;
    assert.ok(waited < 60_000, `no poll after the deadline (last at ${waited} ms)`);
    // (The paid call's time is taken a moment before the request is seen.)
    assert.ok(clock.now() - features()[0].at >= 59_000, 'waited the whole time');
  });

  it('stops at once on cancel while polling, keeping the record id', async () => {
    emulator.setLatency({ generationMs: 5_000 });
    const controller = new AbortController();
    const api = client({}, (request) => {
      if (request.url.includes('/api/results/') && polls().length === 2) {
        controller.abort();
      }
    });
    const error = await expectFluxReduxError(generate(api, { signal: controller.signal }));
    assert.equal(error.kind, 'cancelled');
    assert.ok(error.recordId);
    assert.equal(error.mayBeCharged, true);
  });

  it('sends no flag and polls nothing in sync mode', async () => {
    const result = await generate(client({ generationMode: 'sync' }));
    assert.equal(result.mode, 'sync');
    assert.equal('async' in (features()[0].body as object), false);
    assert.equal(polls().length, 0);
    assert.ok(log.lines.some((line) => line.includes('Generation mode: sync')));
  });

  it('lets two runs of one window poll at most once a second between them', async () => {
    emulator.setLatency({ generationMs: 200 });
    const grants: number[] = [];
    const limiter = new PollLimiter({ now: clock.now, sleep: clock.sleep });
    const gate: PollGate = {
      turn: async (signal) => {
        await limiter.turn(signal);
        grants.push(clock.now());
      },
      holdUntil: (until) => limiter.holdUntil(until),
    };
    const [a, b] = await Promise.all([generate(client({ pollGate: gate })), generate(client({ pollGate: gate }))]);
    assert.notEqual(a.recordId, b.recordId);
    assert.equal(new Set(polls().map((poll) => poll.url)).size, 2, 'both runs polled');
    assert.equal(grants.length, polls().length, 'every poll waited for its turn');
    const gaps = grants.slice(1).map((at, i) => at - grants[i]);
    assert.ok(gaps.every((gap) => gap >= 1_000), `gaps ${gaps.join(', ')}`);
  });

  it('fetches a record accepted earlier with one poll (still processing, then finished) or by polling, never a new generation', async () => {
    emulator.setLatency({ generationMs: 300 });
    const controller = new AbortController();
    const api = client({}, (request) => {
      if (request.url.includes('/api/results/')) {
        controller.abort();
      }
    });
    const cancelled = await expectFluxReduxError(generate(api, { signal: controller.signal }));
    const recordId = cancelled.recordId!;
    const fresh = client();
    assert.deepEqual(await fresh.fetchResult(recordId), { kind: 'processing' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const fetched = await fresh.fetchResult(recordId);
    assert.equal(fetched.kind, 'finished');
    assert.equal(fetched.kind === 'finished' && fetched.result.resultPaths.length, 1);
    assert.equal(features().length, 1, 'one paid call in all');
    const awaited = await fresh.awaitRecord(recordId, { paidAt: clock.now() });
    assert.deepEqual(awaited.resultPaths, fetched.kind === 'finished' ? fetched.result.resultPaths : []);
    const lost = await expectFluxReduxError(fresh.fetchResult('00000000-0000-4000-8000-000000000000'));
    assert.equal(lost.kind, 'record-lost');
    assert.equal(lost.recordId, '00000000-0000-4000-8000-000000000000');
  });
});
