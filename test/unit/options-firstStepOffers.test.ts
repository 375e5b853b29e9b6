import * as assert from 'node:assert/strict';
import { offerEntries, presetOffers, recipeSummary, type FirstStepOffers, type RecipeOffer } from '../../src/options/firstStepOffers';
import { firstStepEntries, isSeparator, type PickListEntry } from '../../src/options/pickItems';
import { readPresets } from '../../src/options/presets';
import type { OptionChoices } from '../../src/options/summary';
import type { VariationOptions } from '../../src/options/types';

const DEV = 'black-forest-labs/flux-redux-dev' as const;
const SCHNELL = 'black-forest-labs/flux-redux-schnell' as const;

const current: OptionChoices = {
  aspect_ratio: '4:3',
  num_outputs: 1,
  format: 'webp',
  megapixels: '1',
  num_inference_steps: 28,
  output_quality: 80,
  seed: 'random',
  disable_safety_checker: false,
};

const made: VariationOptions = { ...current, aspect_ratio: '16:9', num_outputs: 2, seed: 42, format: 'png' };

function recipe(canReproduce: boolean): RecipeOffer {
  return { model: SCHNELL, options: made, sourceName: 'harbour.png', canReproduce };
}

/** Each row as "label | description", separators as "— heading". */
function rows<T>(entries: readonly PickListEntry<T>[]): string[] {
  return entries.map((entry) => (isSeparator(entry) ? `— ${entry.separator}` : `${entry.label} | ${entry.description ?? ''}`));
}

describe('first quick pick: the recipe and the presets', () => {
  it('sums up a recipe as the issue shows it: aspect ratio, outputs, seed', () => {
    assert.equal(recipeSummary(made), '16:9 · 2 outputs · seed 42');
  });

  it('offers the recipe\'s settings, and Reproduce only when the original is stored', () => {
    assert.deepEqual(rows(offerEntries({ recipe: recipe(false), presets: [] })), ['Use the settings this image was made with | 16:9 · 2 outputs · seed 42']);
    const both = offerEntries({ recipe: recipe(true), presets: [] });
    assert.deepEqual(rows(both), [
      'Use the settings this image was made with | 16:9 · 2 outputs · seed 42',
      'Reproduce it exactly | The original harbour.png, seed 42',
    ]);
    const [use, reproduce] = both;
    assert.ok(!isSeparator(use) && !isSeparator(reproduce));
    assert.deepEqual([use.value, reproduce.value], [{ kind: 'recipe' }, { kind: 'reproduce' }]);
    assert.match(use.detail ?? '', /Flux Redux Schnell · 16:9 · 2 outputs · png · 1 MP · 28 steps · seed 42/);
  });

  it('lists the presets under their heading, a wrong one saying it cannot be used and why', () => {
    const presets = presetOffers(
      readPresets({ user: { Fast: { model: SCHNELL, num_outputs: 4 } }, workspace: { Odd: { aspect_ratio: '7:5' } } }, true).presets,
      { format: 'png' },
      DEV,
    );
    const entries = offerEntries({ presets });
    assert.deepEqual(rows(entries), [
      '— Presets',
      'Fast | Flux Redux Schnell · 4:3 · 4 outputs · png · 1 MP · 4 steps',
      'Odd | $(warning) Cannot be used',
    ]);
    const odd = entries[2];
    assert.ok(!isSeparator(odd));
    assert.deepEqual(odd.value, { kind: 'invalidPreset', index: 1 });
    assert.match(odd.detail ?? '', /^Workspace preset: aspect_ratio must be one of/);
    const fast = entries[1];
    assert.ok(!isSeparator(fast));
    assert.equal(fast.detail, 'User preset');
  });

  it('puts them after "Run with current settings", and "Choose every option…" under a heading of its own', () => {
    const offers: FirstStepOffers = { recipe: recipe(true), presets: presetOffers(readPresets({ user: { Fast: { num_outputs: 4 } } }, true).presets, {}, DEV) };
    const labels = rows(firstStepEntries(current, undefined, offers)).map((row) => row.split(' | ')[0]);
    assert.deepEqual(labels.slice(0, 8), [
      'Run with current settings',
      'Use the settings this image was made with',
      'Reproduce it exactly',
      '— Presets',
      'Fast',
      '— Options',
      'Choose every option…',
      '— Aspect ratio',
    ]);
  });

  it('leaves the first step as it was when there is neither recipe nor preset', () => {
    assert.deepEqual(rows(firstStepEntries(current, undefined, { presets: [] })), rows(firstStepEntries(current)));
    assert.equal(rows(firstStepEntries(current))[1].split(' | ')[0], 'Choose every option…');
  });
});
