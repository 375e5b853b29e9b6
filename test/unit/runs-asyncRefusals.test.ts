import * as assert from 'node:assert/strict';
import { AsyncRefusalMemory } from '../../src/runs/asyncRefusals';

function memoryStore() {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, value) };
}

describe('runs/asyncRefusals: origins that refused the async flag', () => {
  it('remembers a refusal per origin for a day, in the store, and forgets it after', async () => {
    let time = 1_000_000;
    const store = memoryStore();
    const memory = new AsyncRefusalMemory(store, () => time);
    assert.equal(memory.isRefused('https://api.1min.ai'), false);
    await memory.remember('https://api.1min.ai');
    assert.equal(memory.isRefused('https://api.1min.ai'), true);
    assert.equal(memory.isRefused('https://relay.example'), false);
    assert.equal(new AsyncRefusalMemory(store, () => time).isRefused('https://api.1min.ai'), true, 'a reload remembers it');
    time += 24 * 60 * 60 * 1000;
    assert.equal(memory.isRefused('https://api.1min.ai'), false);
  });

  it('drops expired entries when it writes, and ignores a stored value it cannot read', async () => {
    let time = 0;
    const store = memoryStore();
    store.values.set('fluxRedux.asyncRefusedAt', { 'https://old.example': 'yesterday', 'https://a.example': 0 });
    const memory = new AsyncRefusalMemory(store, () => time);
    assert.equal(memory.isRefused('https://old.example'), false);
    time = 25 * 60 * 60 * 1000;
    await memory.remember('https://b.example');
    assert.deepEqual(store.values.get('fluxRedux.asyncRefusedAt'), { 'https://b.example': time });
  });

  it('tries the flag again when the clock went back', async () => {
    let time = 10_000_000;
    const memory = new AsyncRefusalMemory(memoryStore(), () => time);
    await memory.remember('https://api.1min.ai');
    time -= 60_000;
    assert.equal(memory.isRefused('https://api.1min.ai'), false);
  });
});
