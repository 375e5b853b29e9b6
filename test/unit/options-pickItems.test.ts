import * as assert from 'node:assert/strict';
import {
  aspectEntries,
  customLabel,
  enterSeedLabel,
  everyOptionLabel,
  runNowLabel,
  firstStepEntries,
  formatEntries,
  isSeparator,
  megapixelsEntries,
  outputsEntries,
  parseWholeNumber,
  qualityEntries,
  safetyEntries,
  seedEntries,
  stepsEntries,
  wholeNumberProblem,
  type PickEntry,
  type PickListEntry,
} from '../../src/options/pickItems';
import type { OptionChoices } from '../../src/options/resolve';
import { QUALITY_RANGE, SEED_RANGE, STEPS_RANGE, fieldDescription, stepPresets } from '../../src/options/parameters';
import { ASPECT_RATIOS } from '../../src/options/types';

const choices: OptionChoices = {
  aspect_ratio: '4:3',
  num_outputs: 2,
  format: 'webp',
  megapixels: '1',
  num_inference_steps: 28,
  output_quality: 80,
  seed: 'random',
  disable_safety_checker: false,
};

function items<T>(entries: readonly PickListEntry<T>[]): PickEntry<T>[] {
  return entries.filter((e): e is PickEntry<T> => !isSeparator(e));
}

function labels<T>(entries: readonly PickListEntry<T>[]): string[] {
  return items(entries).map((e) => e.label);
}

function currentLabels<T>(entries: readonly PickListEntry<T>[]): string[] {
  return items(entries)
    .filter((e) => e.current)
    .map((e) => e.label);
}

describe('quick pick entries', () => {
  describe('step 1', () => {
    it('starts with "Run with current settings" showing the summary', () => {
      const [first] = firstStepEntries(choices);
      assert.ok(!isSeparator(first));
      assert.equal(first.label, runNowLabel());
      assert.equal(first.description, '4:3 · 2 outputs · webp · 1 MP · 28 steps · q80');
      assert.deepEqual(first.value, { kind: 'run' });
    });

    it('words the first entry as the caller asks when the settings are not the user\'s own (Vary)', () => {
      const [first] = firstStepEntries(choices, undefined, { presets: [], runNowLabel: 'Run with these settings' });
      assert.ok(!isSeparator(first));
      assert.equal(first.label, 'Run with these settings');
      assert.deepEqual(first.value, { kind: 'run' });
    });

    // Choosing an aspect ratio was the only way into the options, and nothing said so.
    it('offers "Choose every option…" right under Run, and says where every option is', () => {
      const entries = items(firstStepEntries(choices));
      assert.equal(entries[1].label, 'Choose every option…');
      assert.deepEqual(entries[1].value, { kind: 'every' });
      assert.equal(entries[1].description, 'Aspect ratio, outputs, format, resolution, steps, seed and safety');
      assert.match(entries[0].detail ?? '', /every option/);
    });

    it('offers "Match source" first among the ratios, then all eleven', () => {
      const entries = firstStepEntries(choices, { name: 'cat.png', width: 3000, height: 2000 });
      assert.deepEqual(labels(entries), [
        runNowLabel(),
        everyOptionLabel(),
        'Match source (≈ 3:2)',
        '1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21',
      ]);
      const match = items(entries)[2];
      assert.deepEqual(match.value, { kind: 'aspect', aspect: '3:2' });
      assert.match(match.description ?? '', /cat\.png \(3000 × 2000\)/);
    });

    it('leaves out "Match source" when the size is unknown', () => {
      assert.equal(labels(firstStepEntries(choices, { name: 'x.png', width: 0, height: 0 })).length, 13);
      assert.equal(labels(firstStepEntries(choices)).length, 13);
      assert.deepEqual(labels(aspectEntries(choices)), [...ASPECT_RATIOS]);
    });

    it('gives every ratio its name and "best for" text on one line, and marks the current one', () => {
      const entries = items(firstStepEntries({ ...choices, aspect_ratio: '16:9' }, { name: 'x.png', width: 1600, height: 900 }));
      const wide = entries.find((e) => e.label === '16:9');
      assert.match(wide?.description ?? '', /^Widescreen · Landscape photography, banners/);
      assert.deepEqual(currentLabels(entries), ['16:9']);
      const ratios = entries.filter((e) => (ASPECT_RATIOS as readonly string[]).includes(e.label));
      assert.equal(ratios.length, ASPECT_RATIOS.length);
      for (const entry of ratios) {
        assert.match(entry.description ?? '', /^\S.* · \S/, entry.label);
        assert.equal(entry.detail, undefined, `${entry.label} has no second line`);
      }
      // "Match source" lost its "Best for" line (the same words are on its ratio's own row) to
      // make room for "Choose every option…" without pushing the last ratios out of view.
      const matchSource = entries.find((e) => e.label.startsWith('Match source'));
      assert.equal(matchSource?.detail, undefined);
    });
  });

  it('outputs: 1 to 4, singular for one, current marked', () => {
    const entries = outputsEntries({ ...choices, num_outputs: 3 });
    assert.deepEqual(labels(entries), ['1 output', '2 outputs', '3 outputs', '4 outputs']);
    assert.deepEqual(currentLabels(entries), ['3 outputs']);
    assert.deepEqual(entries.map((e) => e.value), [1, 2, 3, 4]);
  });

  it('format: webp, jpg, png with best-for texts', () => {
    const entries = formatEntries({ ...choices, format: 'png' });
    assert.deepEqual(labels(entries), ['webp', 'jpg', 'png']);
    assert.deepEqual(currentLabels(entries), ['png']);
    assert.match(entries[2].detail ?? '', /transparency/);
  });

  // "PNG: PNG format" said the name twice and nothing about the format.
  it('format: each description says something the name does not', () => {
    const entries = formatEntries(choices);
    assert.deepEqual(entries.map((e) => e.description), [
      'WebP: Modern web format',
      'JPEG: Widely supported photo format',
      'PNG: Lossless, larger files',
    ]);
    for (const entry of entries) {
      const [name, words] = (entry.description ?? '').split(': ');
      assert.doesNotMatch(words, new RegExp(`\\b${name}\\b`, 'i'), entry.label);
    }
    assert.match(entries[2].detail ?? '', /no quality to choose/);
    assert.doesNotMatch(entries[1].detail ?? '', /quality/);
  });

  it('megapixels: 1 MP for final outputs, 0.25 MP for quick previews', () => {
    const entries = megapixelsEntries({ ...choices, megapixels: '0.25' });
    assert.deepEqual(labels(entries), ['1 MP', '0.25 MP']);
    assert.deepEqual(entries.map((e) => e.value), ['1', '0.25']);
    assert.match(entries[1].detail ?? '', /quick preview/i);
    assert.deepEqual(currentLabels(entries), ['0.25 MP']);
  });

  describe('steps', () => {
    it('offers presets and Custom…, and names the model default', () => {
      const dev = stepsEntries(choices, 'black-forest-labs/flux-redux-dev');
      assert.deepEqual(labels(dev), ['4 steps', '15 steps', '20 steps', '28 steps', '40 steps', '50 steps', customLabel()]);
      assert.match(dev[3].description ?? '', /default for Flux Redux Dev/);
      const schnell = stepsEntries({ ...choices, num_inference_steps: 4 }, 'black-forest-labs/flux-redux-schnell');
      assert.match(schnell[0].description ?? '', /default for Flux Redux Schnell/);
      assert.doesNotMatch(schnell[3].description ?? '', /default for/);
      assert.deepEqual(currentLabels(schnell), ['4 steps']);
    });

    // 15 and 20 steps were both "Faster generation, lower quality".
    it('describes every preset differently', () => {
      const descriptions = stepPresets().map((p) => p.description);
      assert.equal(new Set(descriptions).size, descriptions.length, descriptions.join(' | '));
      const entries = stepsEntries(choices, 'black-forest-labs/flux-redux-dev');
      assert.equal(entries[1].description, 'Quick drafts: fast, lower quality');
      assert.equal(entries[2].description, 'Fast, with more detail than 15 steps');
    });

    it('adds a current value that is no preset, in order', () => {
      const entries = stepsEntries({ ...choices, num_inference_steps: 33 }, 'black-forest-labs/flux-redux-dev');
      assert.deepEqual(labels(entries), ['4 steps', '15 steps', '20 steps', '28 steps', '33 steps', '40 steps', '50 steps', customLabel()]);
      assert.deepEqual(currentLabels(entries), ['33 steps']);
    });
  });

  it('quality: presets, Custom…, current marked', () => {
    const entries = qualityEntries({ ...choices, output_quality: 90 });
    assert.deepEqual(labels(entries), ['Quality 60', 'Quality 80', 'Quality 90', 'Quality 100', customLabel()]);
    assert.deepEqual(currentLabels(entries), ['Quality 90']);
    assert.match(entries[3].description ?? '', /print/i);
  });

  describe('seed', () => {
    it('offers Random and typing one; Random current by default', () => {
      const entries = seedEntries(choices);
      assert.deepEqual(labels(entries), ['Random', enterSeedLabel()]);
      assert.deepEqual(currentLabels(entries), ['Random']);
    });

    it('offers the last used seed to repeat', () => {
      const entries = seedEntries(choices, 12345);
      assert.deepEqual(labels(entries), ['Random', 'Last used: 12345', enterSeedLabel()]);
      assert.deepEqual(entries[1].value, { kind: 'fixed', seed: 12345 });
    });

    it('marks the last used seed when it is the current one', () => {
      const entries = seedEntries({ ...choices, seed: 12345 }, 12345);
      assert.deepEqual(labels(entries), ['Random', 'Last used: 12345', enterSeedLabel()]);
      assert.deepEqual(currentLabels(entries), ['Last used: 12345']);
    });

    it('keeps a current fixed seed on offer beside the last used one', () => {
      const entries = seedEntries({ ...choices, seed: 7 }, 12345);
      assert.deepEqual(labels(entries), ['Random', 'Last used: 12345', 'Seed 7', enterSeedLabel()]);
      assert.deepEqual(currentLabels(entries), ['Seed 7']);
    });
  });

  // The prompt was "Disable content safety checking" above a default of "Safety checker on".
  it('safety: the prompt names the checker without taking a side', () => {
    assert.equal(fieldDescription('disable_safety_checker'), 'Content safety checker');
  });

  it('safety: on (current by default) and off with a warning', () => {
    const entries = safetyEntries(choices);
    assert.deepEqual(labels(entries), ['Safety checker on', 'Safety checker off']);
    assert.deepEqual(entries.map((e) => e.value), [false, true]);
    assert.deepEqual(currentLabels(entries), ['Safety checker on']);
    assert.match(entries[1].detail ?? '', /withhold/);
    assert.deepEqual(currentLabels(safetyEntries({ ...choices, disable_safety_checker: true })), ['Safety checker off']);
  });
});

describe('custom number input', () => {
  it('accepts whole numbers at the range ends, with spaces around', () => {
    assert.equal(parseWholeNumber('1', STEPS_RANGE), 1);
    assert.equal(parseWholeNumber(' 50 ', STEPS_RANGE), 50);
    assert.equal(parseWholeNumber('100', QUALITY_RANGE), 100);
    assert.equal(parseWholeNumber('0', SEED_RANGE), 0);
    assert.equal(parseWholeNumber('4294967295', SEED_RANGE), 4294967295);
  });

  it('refuses values out of range, fractions, signs, exponents and empty text', () => {
    for (const text of ['0', '51', '2.5', '-3', '+3', '1e1', '', ' ', 'abc', '0x10']) {
      assert.equal(parseWholeNumber(text, STEPS_RANGE), undefined, text);
    }
    assert.equal(parseWholeNumber('4294967296', SEED_RANGE), undefined);
  });

  it('says what to type', () => {
    assert.equal(wholeNumberProblem('51', STEPS_RANGE), 'Enter a whole number from 1 to 50');
    assert.equal(wholeNumberProblem('12', STEPS_RANGE), undefined);
  });
});
