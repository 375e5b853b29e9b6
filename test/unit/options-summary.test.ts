import * as assert from 'node:assert/strict';
import { summarizeOptions, optionChips, type OptionChoices } from '../../src/options/resolve';

const base: OptionChoices = {
  aspect_ratio: '4:3',
  num_outputs: 2,
  format: 'webp',
  megapixels: '1',
  num_inference_steps: 28,
  output_quality: 80,
  seed: 'random',
  disable_safety_checker: false,
};

describe('summarizeOptions', () => {
  it('gives the one-line summary', () => {
    assert.equal(summarizeOptions(base), '4:3 · 2 outputs · webp · 1 MP · 28 steps · q80');
  });

  it('says "1 output" and "1 step" in the singular', () => {
    assert.equal(summarizeOptions({ ...base, num_outputs: 1, num_inference_steps: 1 }), '4:3 · 1 output · webp · 1 MP · 1 step · q80');
  });

  it('shows 0.25 MP', () => {
    assert.equal(summarizeOptions({ ...base, megapixels: '0.25' }), '4:3 · 2 outputs · webp · 0.25 MP · 28 steps · q80');
  });

  it('leaves out quality for png', () => {
    assert.equal(summarizeOptions({ ...base, format: 'png', output_quality: 55 }), '4:3 · 2 outputs · png · 1 MP · 28 steps');
  });

  it('shows quality for jpg', () => {
    assert.equal(summarizeOptions({ ...base, format: 'jpg', output_quality: 95 }), '4:3 · 2 outputs · jpg · 1 MP · 28 steps · q95');
  });

  it('shows a fixed seed (also for finished options) but not "random"', () => {
    assert.equal(summarizeOptions({ ...base, seed: 12345 }), '4:3 · 2 outputs · webp · 1 MP · 28 steps · q80 · seed 12345');
    assert.doesNotMatch(summarizeOptions(base), /seed|random/);
  });

  it('warns when the safety checker is off', () => {
    assert.equal(summarizeOptions({ ...base, disable_safety_checker: true }), '4:3 · 2 outputs · webp · 1 MP · 28 steps · q80 · safety off');
  });
});

describe('optionChips', () => {
  it('starts with the model when given, and each chip has a longer title', () => {
    const chips = optionChips({ ...base, seed: 7 }, 'black-forest-labs/flux-redux-schnell');
    assert.deepEqual(
      chips.map((c) => c.label),
      ['Flux Redux Schnell', '4:3', '2 outputs', 'webp', '1 MP', '28 steps', 'q80', 'seed 7'],
    );
    assert.equal(chips[1].title, 'Aspect ratio 4:3');
    for (const chip of chips) {
      assert.ok(chip.title.length > chip.label.length - 1, `title for ${chip.label}`);
    }
  });
});
