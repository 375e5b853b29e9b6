import * as assert from 'node:assert/strict';
import type { ReadyTimes } from '../../src/api/readyTimes';
import { MAX_KINDS_PER_ORIGIN, ReadyTimesMemory } from '../../src/runs/readyTimesMemory';
import { waitsOfAWindow } from './support/pollingWindow';

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

/** How long after ready each of a window's waits saw its record. */
async function latenessOfAWindow(readyTimes: ReadyTimes, runs: number, readyAfterMs?: number): Promise<number[]> {
  return (await waitsOfAWindow(readyTimes, runs, readyAfterMs)).map((wait) => wait.lateMs);
}

const API = 'https://api.1min.ai';
const EMULATOR = 'http://127.0.0.1:4000';

describe('runs/readyTimesMemory: when records are ready, kept across reloads and windows', () => {
  it('aims a new window\'s first poll from what an earlier window learnt', async () => {
    const store = sharedStore();
    const earlier = await latenessOfAWindow(new ReadyTimesMemory(store, () => 1_000, () => undefined).of(API), 6);
    assert.ok(earlier[0] > 300, `the first window starts cold: ${earlier.join(', ')}`);
    const [first] = await latenessOfAWindow(new ReadyTimesMemory(store, () => 2_000, () => undefined).of(API), 1);
    assert.ok(first < 100, `the reloaded window's first wait sees the record within 100 ms: ${first}`);
  });

  it('keeps each API origin apart: another API starts cold', async () => {
    const store = sharedStore();
    await latenessOfAWindow(new ReadyTimesMemory(store, () => 1_000, () => undefined).of(API), 3);
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
