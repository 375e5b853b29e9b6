import * as assert from 'node:assert/strict';
import { PollLimiter } from '../../src/api/pollLimiter';
import { classifyRecordAnswer, isAsyncRefusal } from '../../src/api/recordAnswer';
import { DEFAULT_BACKOFF } from '../../src/api/backoff';
import { ReadyTimes, generationKind } from '../../src/api/readyTimes';
import { pollDelayMs, pollUntilFinal } from '../../src/api/resultPolling';
import { virtualClock, waitsOfAWindow } from './support/pollingWindow';

describe('api/pollLimiter: one poll a second for the whole window', () => {
  it('hands out turns at least a second apart, in order, however many ask at once', async () => {
    const clock = virtualClock();
    const limiter = new PollLimiter(clock);
    const granted: Array<[string, number]> = [];
    await Promise.all(
      ['a', 'b', 'c', 'a', 'b'].map(async (who) => {
        await limiter.turn();
        granted.push([who, clock.now()]);
      }),
    );
    assert.deepEqual(granted.map(([who]) => who), ['a', 'b', 'c', 'a', 'b']);
    const gaps = granted.slice(1).map(([, at], i) => at - granted[i][1]);
    assert.ok(gaps.every((gap) => gap >= 1_000), gaps.join(', '));
  });

  it('holds every turn until a Retry-After has passed', async () => {
    const clock = virtualClock();
    const limiter = new PollLimiter(clock);
    await limiter.turn();
    limiter.holdUntil(clock.now() + 30_000);
    await limiter.turn();
    assert.ok(clock.now() >= 30_000);
  });

  it('lets a cancelled waiter go at once, and the others keep their turns', async () => {
    const clock = virtualClock();
    const limiter = new PollLimiter(clock);
    await limiter.turn();
    const controller = new AbortController();
    const cancelled = limiter.turn(controller.signal);
    controller.abort();
    await assert.rejects(cancelled);
    await limiter.turn();
    assert.ok(clock.now() >= 1_000);
  });
});

describe('api/resultPolling: the schedule', () => {
  it('polls every second for the first 20 s, then backs off to 10 s', () => {
    assert.equal(pollDelayMs(0), 1_000);
    assert.equal(pollDelayMs(19_999), 1_000);
    assert.equal(pollDelayMs(30_000), 2_000);
    assert.equal(pollDelayMs(120_000), 5_000);
    assert.equal(pollDelayMs(900_000), 10_000);
  });
});

describe('api/resultPolling: polls aimed at when like records were ready', () => {
  /** Send times (after the paid call) of the polls `pollDelayMs` gives, one answered every `rttMs`. */
  function sendTimes(aimMs: number, untilMs: number, rttMs = 30): number[] {
    const sends: number[] = [];
    let now = 20;
    while (now < untilMs) {
      now += pollDelayMs(now, aimMs);
      sends.push(now);
      now += rttMs;
    }
    return sends;
  }

  it('puts a poll on the aim itself, the ones before it at least the gate\'s second apart', () => {
    const sends = sendTimes(3_300, 3_300);
    assert.equal(sends.at(-1), 3_300);
    const gaps = sends.slice(1).map((at, i) => at - sends[i]);
    assert.ok(gaps.every((gap) => gap >= 1_000), gaps.join(', '));
    assert.ok(gaps.every((gap) => gap <= 1_100), `still polls every second or so: ${gaps.join(', ')}`);
  });

  it('skips the moments the gate would hold back, so a poll still lands on the aim', () => {
    assert.equal(5 + pollDelayMs(5, 3_300, 500), 1_250, 'the first moment on the aimed grid after the gate is free');
    assert.equal(5 + pollDelayMs(5, 3_300, 0), 225);
    assert.equal(3_000 + pollDelayMs(3_000, 3_300, 900), 3_300, 'never past the aim');
  });

  it('lands a poll on the aim when the last run\'s poll held the gate as this run\'s paid call went out', async () => {
    const clock = virtualClock();
    const gate = new PollLimiter(clock);
    const readyTimes = new ReadyTimes();
    readyTimes.note('k1', { notBefore: 3_150, by: 3_280 });
    const aim = readyTimes.aimMs('k1')!;
    const sends: number[] = [];
    let paidAt = 0;
    const fetch = (async () => {
      sends.push(clock.now() - paidAt);
      await clock.sleep(20);
      const ready = clock.now() - paidAt >= aim;
      return new Response(JSON.stringify({ aiRecord: { uuid: 'r1', status: ready ? 'SUCCESS' : 'PROCESSING', aiRecordDetail: { resultObject: ready ? ['a.png'] : [] } } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof globalThis.fetch;
    await clock.sleep(10_000);
    // The last run's cost reading took the gate's turn half a second before this paid call.
    await gate.turn();
    await clock.sleep(500);
    paidAt = clock.now();
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    await pollUntilFinal(
      { url: 'http://api.test/api/results/r1', apiKey: 'k', recordId: 'r1', ctx: { operation: 'generate', secrets: ['k'] }, maxBodyBytes: 1 << 20, kind: 'k1' },
      { paidAt, deadline: paidAt + 300_000, timeoutSeconds: 300 },
      { exchange: { fetch, now: clock.now, log }, retry: { policy: DEFAULT_BACKOFF, random: () => 0.5, sleep: clock.sleep }, gate, readyTimes },
    );
    assert.equal(sends.at(-1), aim, `polls sent at ${sends.join(', ')}`);
  });

  it('falls back to the plain schedule once the aim has passed', () => {
    assert.equal(pollDelayMs(3_400, 3_300), 1_000);
    assert.equal(pollDelayMs(45_000, 3_300), 2_000);
  });
});

describe('api/readyTimes: learning when records are ready', () => {
  const kind = 'model 1 1 28';

  it('has no aim before the first wait, and borrows the latest of other settings, a tenth later, before the first of its own', () => {
    const times = new ReadyTimes();
    assert.equal(times.aimMs(kind), undefined);
    times.note('model 4 1 28', { notBefore: 3_100, by: 4_100 });
    times.note('model 2 1 28', { notBefore: 2_200, by: 3_200 });
    assert.equal(times.aimMs(kind), 4_510);
  });

  it('halves the bracket run by run, and aims at its end once it is narrow', () => {
    const times = new ReadyTimes();
    times.note(kind, { notBefore: 3_000, by: 4_000 });
    assert.equal(times.aimMs(kind), 3_500);
    times.note(kind, { notBefore: 2_475, by: 3_500 });
    assert.equal(times.aimMs(kind), 3_250);
    times.note(kind, { notBefore: 3_250, by: 4_275 });
    assert.equal(times.aimMs(kind), 3_375, 'a poll that came too early moves the bracket\'s start');
    times.note(kind, { notBefore: 2_350, by: 3_375 });
    assert.equal(times.aimMs(kind), 3_395, 'within 150 ms: the end of the bracket, and a little after');
  });

  it('starts again from the latest wait when the time has moved out of what it knew', () => {
    const times = new ReadyTimes();
    times.note(kind, { notBefore: 3_050, by: 3_200 });
    assert.equal(times.aimMs(kind), 3_220);
    times.note(kind, { notBefore: 3_220, by: 4_240 });
    assert.equal(times.aimMs(kind), 3_730, 'slower now');
    times.note(kind, { notBefore: 0, by: 1_100 });
    assert.equal(times.aimMs(kind), 550, 'faster now');
    times.note(kind, { notBefore: 900, by: 500 });
    assert.equal(times.aimMs(kind), 550, 'a bracket that ends before it starts is ignored');
  });

  it('tells settings apart by model, outputs, size and steps, not by seed or format', () => {
    const options = { format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 28, seed: 7, output_quality: 80, disable_safety_checker: false, megapixels: '1' } as const;
    const model = 'black-forest-labs/flux-redux-dev' as const;
    const base = generationKind({ model, imageUrl: 'a', options });
    assert.equal(generationKind({ model, imageUrl: 'b', options: { ...options, seed: 8, format: 'webp' } }), base);
    assert.notEqual(generationKind({ model, imageUrl: 'a', options: { ...options, num_outputs: 4 } }), base);
    assert.notEqual(generationKind({ model, imageUrl: 'a', options: { ...options, num_inference_steps: 4 } }), base);
    assert.notEqual(generationKind({ model, imageUrl: 'a', options: { ...options, megapixels: '0.25' } }), base);
  });

  it('sees a record that is ready 3.15 s after the paid call within 100 ms after a few waits, one poll a second throughout', async () => {
    const waits = await waitsOfAWindow(new ReadyTimes(), 6);
    waits.forEach(({ sends }, run) => {
      const gaps = sends.slice(1).map((at, i) => at - sends[i]);
      assert.ok(gaps.every((gap) => gap >= 1_000), `run ${run}: ${gaps.join(', ')}`);
    });
    const latencies = waits.map((wait) => wait.lateMs);
    assert.ok(latencies[0] > 300, `the first wait has nothing to aim at: ${latencies.join(', ')}`);
    assert.ok(latencies.slice(-2).every((ms) => ms < 100), `later waits see it within 100 ms: ${latencies.join(', ')}`);
  });
});

describe('api/recordAnswer', () => {
  it('tells PROCESSING, FAILED with its words, a lost record and a finished one apart', () => {
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { uuid: 'u1', status: 'PROCESSING' } }), { kind: 'processing', recordId: 'u1', status: 'PROCESSING' });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { uuid: 'u1', status: 'FAILURE', aiRecordDetail: { errorMessage: 'NSFW' } } }), {
      kind: 'failed',
      recordId: 'u1',
      status: 'FAILURE',
      errorMessage: 'NSFW',
    });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: null }), { kind: 'lost' });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { uuid: 'u1', status: 'SUCCESS' } }), { kind: 'final' });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { status: 'PROCESSING' } }), { kind: 'final' }, 'no id to poll: read as today');
    assert.deepEqual(classifyRecordAnswer('nonsense'), { kind: 'final' });
  });

  it('sees a refusal of the flag only in a 400/422 whose error words name async', () => {
    assert.equal(isAsyncRefusal(422, '{"message":["property async should not exist"],"statusCode":422}'), true);
    assert.equal(isAsyncRefusal(400, '{"message":"Unknown field: async"}'), true);
    assert.equal(isAsyncRefusal(400, '{"errors":[{"property":"async","constraints":{"whitelistValidation":"property async should not exist"}}]}'), true);
    assert.equal(isAsyncRefusal(400, 'async is not allowed'), true);
    assert.equal(isAsyncRefusal(400, '{"message":"seed must be an integer","request":{"async":true}}'), false, 'an echoed request does not count');
    assert.equal(isAsyncRefusal(500, '{"message":"async failed"}'), false);
    assert.equal(isAsyncRefusal(422, '{"message":"asynchronous jobs are busy"}'), false, 'the word, not a part of one');
  });
});
