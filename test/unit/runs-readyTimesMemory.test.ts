import * as assert from 'node:assert/strict';
import { DEFAULT_BACKOFF } from '../../src/api/backoff';
import { PollLimiter } from '../../src/api/pollLimiter';
import type { ReadyTimes } from '../../src/api/readyTimes';
import { type PollEnv, pollUntilFinal } from '../../src/api/resultPolling';
import { MAX_KINDS_PER_ORIGIN, ReadyTimesMemory } from '../../src/runs/readyTimesMemory';

/** globalState as the windows of one profile share it; `reads` counts what it was asked. */
function sharedStore() {
  const values = new Map<string, unknown>();
  const store = {
    values,
    reads: 0,
    get: <T>(key: string) => {
      store.reads += 1;
      return structuredClone(values.get(key)) as T | undefined;
    },
    update: async (key: string, value: unknown) => void values.set(key, structuredClone(value)),
  };
  return store;
}

/** A clock that moves only when someone sleeps. */
function virtualClock() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      await new Promise((resolve) => setImmediate(resolve));
      time += Math.max(0, ms);
    },
  };
}

/**
 * One window's waits for records ready `readyAfterMs` after the paid call: how long after ready
 * each wait saw its record, through the window's gate and the given learner.
 */
async function waitsOfAWindow(readyTimes: ReadyTimes, runs: number, readyAfterMs = 3_150): Promise<number[]> {
  const clock = virtualClock();
  const rttMs = 20;
  let paidAt = 0;
  const fetch = (async () => {
    await clock.sleep(rttMs);
    const ready = clock.now() - rttMs / 2 - paidAt >= readyAfterMs;
    return new Response(JSON.stringify({ aiRecord: { uuid: 'r1', status: ready ? 'SUCCESS' : 'PROCESSING', aiRecordDetail: { resultObject: ready ? ['a.png'] : [] } } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const env: PollEnv = {
    exchange: { fetch, now: clock.now, log },
    retry: { policy: DEFAULT_BACKOFF, random: () => 0.5, sleep: clock.sleep },
    gate: new PollLimiter(clock),
    readyTimes,
  };
  const lateness: number[] = [];
  for (let run = 0; run < runs; run++) {
    await clock.sleep(5_000);
    paidAt = clock.now();
    await pollUntilFinal(
      { url: 'http://api.test/api/results/r1', apiKey: 'k', recordId: 'r1', ctx: { operation: 'generate', secrets: ['k'] }, maxBodyBytes: 1 << 20, kind: 'model 1 1 28' },
      { paidAt, deadline: paidAt + 300_000, timeoutSeconds: 300 },
      env,
    );
    lateness.push(clock.now() - paidAt - readyAfterMs);
  }
  return lateness;
}

const API = 'https://api.1min.ai';
const EMULATOR = 'http://127.0.0.1:4000';

describe('runs/readyTimesMemory: when records are ready, kept across reloads and windows', () => {
  it('aims a new window\'s first poll from what an earlier window learnt', async () => {
    const store = sharedStore();
    const earlier = await waitsOfAWindow(new ReadyTimesMemory(store, () => 1_000, () => undefined).of(API), 6);
    assert.ok(earlier[0] > 300, `the first window starts cold: ${earlier.join(', ')}`);
    const [first] = await waitsOfAWindow(new ReadyTimesMemory(store, () => 2_000, () => undefined).of(API), 1);
    assert.ok(first < 100, `the reloaded window's first wait sees the record within 100 ms: ${first}`);
  });

  it('keeps each API origin apart: another API starts cold', async () => {
    const store = sharedStore();
    await waitsOfAWindow(new ReadyTimesMemory(store, () => 1_000, () => undefined).of(API), 3);
    const next = new ReadyTimesMemory(store, () => 2_000, () => undefined);
    assert.equal(next.of(EMULATOR).aimMs('model 1 1 28'), undefined);
    assert.equal(next.of(EMULATOR).aimMs('model 4 1 28'), undefined, 'not even borrowed from other settings');
    assert.notEqual(next.of(API).aimMs('model 1 1 28'), undefined);
  });

  it('reads nothing until the first poll needs it', () => {
    const store = sharedStore();
    const memory = new ReadyTimesMemory(store, () => 0, () => undefined);
    const learner = memory.of(API);
    assert.equal(store.reads, 0);
    learner.aimMs('model 1 1 28');
    learner.aimMs('model 1 1 28');
    assert.equal(store.reads, 1);
  });

  it('keeps what two windows learn of different settings, the latest kinds only, and skips what it cannot read', () => {
    const store = sharedStore();
    let time = 0;
    const a = new ReadyTimesMemory(store, () => time, () => undefined).of(API);
    const b = new ReadyTimesMemory(store, () => time, () => undefined).of(API);
    a.note('one', { notBefore: 3_000, by: 3_100 });
    b.note('four', { notBefore: 3_200, by: 3_300 });
    const reloaded = () => new ReadyTimesMemory(store, () => time, () => undefined).of(API);
    assert.equal(reloaded().aimMs('one'), 3_120);
    assert.equal(reloaded().aimMs('four'), 3_320);
    for (let i = 0; i < MAX_KINDS_PER_ORIGIN + 5; i++) {
      time += 1;
      a.note(`kind ${i}`, { notBefore: 1_000, by: 1_050 });
    }
    const kept = store.values.get('fluxRedux.readyTimes') as Record<string, Record<string, unknown>>;
    assert.equal(Object.keys(kept[API]).length, MAX_KINDS_PER_ORIGIN);
    assert.ok(kept[API][`kind ${MAX_KINDS_PER_ORIGIN + 4}`], 'the latest stays');
    assert.equal(kept[API].one, undefined, 'the least recently used goes');

    store.values.set('fluxRedux.readyTimes', { [API]: { bad: { notBefore: 5, by: 2, at: 1 }, text: 'x', good: { notBefore: 900, by: 1_000, at: 1 } }, other: 7 });
    const tolerant = reloaded();
    assert.equal(tolerant.aimMs('bad'), 1_100, 'unknown here: the latest of the readable ones, a tenth later');
    assert.equal(tolerant.aimMs('good'), 1_020);
  });
});
