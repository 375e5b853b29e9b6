import * as assert from 'node:assert/strict';
import { LAST_CHOICES_KEY, LAST_SEED_KEY, LastChoices, type ChoiceStore } from '../../src/options/lastChoices';
import type { OptionChoices } from '../../src/options/resolve';
import type { ModelId } from '../../src/options/types';

const DEV: ModelId = 'black-forest-labs/flux-redux-dev';
const SCHNELL: ModelId = 'black-forest-labs/flux-redux-schnell';

/** A Memento stand-in that round-trips through JSON, as globalState does. */
class MemoryStore implements ChoiceStore {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, JSON.stringify(value));
    }
    return Promise.resolve();
  }
  /** Puts anything in, as a corrupted or older state file could. */
  plant(key: string, value: unknown): void {
    this.values.set(key, JSON.stringify(value));
  }
}

const choices: OptionChoices = {
  aspect_ratio: '16:9',
  num_outputs: 3,
  format: 'jpg',
  megapixels: '0.25',
  num_inference_steps: 40,
  output_quality: 90,
  seed: 'random',
  disable_safety_checker: true,
};

describe('LastChoices', () => {
  it('recalls nothing from an empty store', () => {
    const last = new LastChoices(new MemoryStore());
    assert.deepEqual(last.recall(DEV), {});
    assert.equal(last.lastSeed(), undefined);
  });

  it('recalls what it remembered, "random" seed included', async () => {
    const last = new LastChoices(new MemoryStore());
    await last.remember(choices, DEV);
    assert.deepEqual(last.recall(DEV), choices);
    await last.remember({ ...choices, seed: 31337 }, DEV);
    assert.equal(last.recall(DEV).seed, 31337);
  });

  it('drops steps remembered under the other model, keeps the rest', async () => {
    const last = new LastChoices(new MemoryStore());
    await last.remember(choices, DEV);
    const { num_inference_steps: _steps, ...rest } = choices;
    assert.deepEqual(last.recall(SCHNELL), rest);
  });

  it('remembers the last seed used', async () => {
    const last = new LastChoices(new MemoryStore());
    await last.rememberSeed(12345);
    assert.equal(last.lastSeed(), 12345);
    await last.rememberSeed(0);
    assert.equal(last.lastSeed(), 0);
  });

  it('does not store a seed out of range', async () => {
    const store = new MemoryStore();
    const last = new LastChoices(store);
    await last.rememberSeed(-1);
    await last.rememberSeed(2 ** 32);
    assert.equal(store.values.has(LAST_SEED_KEY), false);
  });

  describe('with corrupt stored values', () => {
    for (const corrupt of [null, 42, 'text', [], { model: DEV }, { model: DEV, choices: 'x' }, { model: DEV, choices: [] }]) {
      it(`recalls nothing from ${JSON.stringify(corrupt)}`, () => {
        const store = new MemoryStore();
        store.plant(LAST_CHOICES_KEY, corrupt);
        assert.deepEqual(new LastChoices(store).recall(DEV), {});
      });
    }

    it('keeps the valid fields and drops each invalid one', () => {
      const store = new MemoryStore();
      store.plant(LAST_CHOICES_KEY, {
        model: DEV,
        choices: {
          aspect_ratio: '2:1',
          num_outputs: 9,
          format: 'png',
          megapixels: 1,
          num_inference_steps: 20,
          output_quality: 'high',
          seed: 'sometimes',
          disable_safety_checker: 'no',
          extra: true,
        },
      });
      assert.deepEqual(new LastChoices(store).recall(DEV), { format: 'png', num_inference_steps: 20 });
    });

    it('drops steps when the stored model is unknown', () => {
      const store = new MemoryStore();
      store.plant(LAST_CHOICES_KEY, { model: 'someone/else', choices: { num_inference_steps: 20, num_outputs: 2 } });
      assert.deepEqual(new LastChoices(store).recall(DEV), { num_outputs: 2 });
    });

    for (const seed of ['12', -3, 1.5, 2 ** 32, null, {}]) {
      it(`ignores a last seed of ${JSON.stringify(seed)}`, () => {
        const store = new MemoryStore();
        store.plant(LAST_SEED_KEY, seed);
        assert.equal(new LastChoices(store).lastSeed(), undefined);
      });
    }
  });
});
