import * as assert from 'node:assert/strict';
import {
  drawRandomSeed,
  finalizeOptions,
  resolveChoices,
  type OptionChoices,
} from '../../src/options/resolve';
import { validateScriptOptions } from '../../src/options/validate';
import { parseOptionDefaults } from '../../src/config';
import { MAX_SEED, type ModelId } from '../../src/options/types';

const DEV: ModelId = 'black-forest-labs/flux-redux-dev';
const SCHNELL: ModelId = 'black-forest-labs/flux-redux-schnell';

function settingsFrom(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

describe('resolveChoices', () => {
  const settings: Partial<OptionChoices> = {
    aspect_ratio: '1:1',
    num_outputs: 2,
    format: 'jpg',
    megapixels: '0.25',
    num_inference_steps: 30,
    output_quality: 70,
    seed: 11,
    disable_safety_checker: true,
  };
  const last: Partial<OptionChoices> = {
    aspect_ratio: '16:9',
    num_outputs: 3,
    format: 'png',
    megapixels: '1',
    num_inference_steps: 40,
    output_quality: 90,
    seed: 22,
    disable_safety_checker: false,
  };
  const picked: Partial<OptionChoices> = {
    aspect_ratio: '9:16',
    num_outputs: 4,
    format: 'webp',
    megapixels: '0.25',
    num_inference_steps: 12,
    output_quality: 55,
    seed: 'random',
    disable_safety_checker: true,
  };

  it("falls back to the product page's defaults", () => {
    assert.deepEqual(resolveChoices({ settings: {}, model: DEV }), {
      aspect_ratio: '4:3',
      num_outputs: 1,
      format: 'webp',
      megapixels: '1',
      num_inference_steps: 28,
      output_quality: 80,
      seed: 'random',
      disable_safety_checker: false,
    });
  });

  it('lets the settings win over the product defaults', () => {
    assert.deepEqual(resolveChoices({ settings, model: DEV }), settings);
  });

  it('lets the last choices win over the settings', () => {
    assert.deepEqual(resolveChoices({ last, settings, model: DEV }), last);
  });

  it('lets what is picked now win over the last choices', () => {
    assert.deepEqual(resolveChoices({ picked, last, settings, model: DEV }), picked);
  });

  it('decides field by field', () => {
    const resolved = resolveChoices({
      picked: { format: 'png' },
      last: { num_outputs: 3 },
      settings: { aspect_ratio: '21:9' },
      model: DEV,
    });
    assert.equal(resolved.format, 'png');
    assert.equal(resolved.num_outputs, 3);
    assert.equal(resolved.aspect_ratio, '21:9');
    assert.equal(resolved.output_quality, 80);
  });

  it('lets "random" picked now win over a fixed seed remembered or set', () => {
    assert.equal(resolveChoices({ picked: { seed: 'random' }, last: { seed: 5 }, settings: { seed: 6 }, model: DEV }).seed, 'random');
  });

  describe('inference steps follow the model unless chosen', () => {
    it('28 for dev, 4 for schnell when nobody chose', () => {
      assert.equal(resolveChoices({ settings: {}, model: DEV }).num_inference_steps, 28);
      assert.equal(resolveChoices({ settings: {}, model: SCHNELL }).num_inference_steps, 4);
    });
    it('keeps a step count set in the settings', () => {
      assert.equal(resolveChoices({ settings: { num_inference_steps: 10 }, model: SCHNELL }).num_inference_steps, 10);
    });
    it('keeps a step count from the last choices', () => {
      assert.equal(resolveChoices({ last: { num_inference_steps: 28 }, settings: {}, model: SCHNELL }).num_inference_steps, 28);
    });
    it('keeps a step count picked now', () => {
      assert.equal(resolveChoices({ picked: { num_inference_steps: 50 }, settings: {}, model: SCHNELL }).num_inference_steps, 50);
    });
  });

  it('script path: options given over settings, and the last choices play no part', () => {
    const script = validateScriptOptions({ num_outputs: 2 });
    assert.ok(script.ok);
    const settingsNow = parseOptionDefaults(settingsFrom({ 'defaults.format': 'jpg', 'defaults.numOutputs': 4 }));
    // The script path passes no `last` layer at all; remembered choices must not leak in.
    const resolved = resolveChoices({ picked: script.value, settings: settingsNow, model: DEV });
    assert.equal(resolved.num_outputs, 2);
    assert.equal(resolved.format, 'jpg');
    assert.equal(resolved.aspect_ratio, '4:3');
  });
});

describe('finalizeOptions', () => {
  const base: OptionChoices = {
    aspect_ratio: '4:3',
    num_outputs: 1,
    format: 'webp',
    megapixels: '1',
    num_inference_steps: 28,
    output_quality: 80,
    seed: 'random',
    disable_safety_checker: false,
  };

  it('draws a seed when the choice is random', () => {
    let draws = 0;
    const options = finalizeOptions(base, () => {
      draws += 1;
      return 424242;
    });
    assert.equal(options.seed, 424242);
    assert.equal(draws, 1);
    assert.deepEqual({ ...options, seed: 'random' }, base);
  });

  it('keeps a fixed seed and draws nothing', () => {
    const options = finalizeOptions({ ...base, seed: 99 }, () => {
      throw new Error('must not draw');
    });
    assert.equal(options.seed, 99);
  });
});

describe('drawRandomSeed', () => {
  it('gives whole numbers from 0 to 2^32-1', () => {
    for (let i = 0; i < 2000; i++) {
      const seed = drawRandomSeed();
      assert.ok(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED, `out of range: ${seed}`);
    }
  });

  it('spreads over the whole range (not stuck in a small one)', () => {
    const seeds = Array.from({ length: 200 }, () => drawRandomSeed());
    assert.ok(new Set(seeds).size > 190, 'seeds repeat far too often');
    // With 200 uniform draws over 2^32, each half of the range is all but sure to be hit.
    assert.ok(seeds.some((s) => s > 2 ** 31), 'no seed in the upper half');
    assert.ok(seeds.some((s) => s < 2 ** 31), 'no seed in the lower half');
  });
});
