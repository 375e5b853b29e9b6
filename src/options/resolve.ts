/**
 * Which value wins, field by field: what the user picks now, else the last choice, else the
 * `fluxRedux.defaults.*` setting, else the product page's default. Plain code: settings arrive
 * through a getter, randomness through a function.
 */
import { randomInt } from 'node:crypto';
import { ASPECT_RATIOS, MAX_SEED, type AspectRatio, type ModelId, type VariationOptions } from './types';
import { OPTION_FIELDS, PRODUCT_DEFAULTS, SETTING_KEYS, modelDefaultSteps } from './parameters';
import { fieldProblem } from './validate';
import type { OptionChoices } from './summary';

export type { OptionChoices } from './summary';
export { summarizeOptions, optionChips } from './summary';

export interface ChoiceLayers {
  picked?: Partial<OptionChoices>;
  last?: Partial<OptionChoices>;
  settings: Partial<OptionChoices>;
  model: ModelId;
}

/**
 * Reads each `fluxRedux.defaults.*` setting through `get` (keys relative to the `fluxRedux`
 * section, e.g. "defaults.aspectRatio"). A hand-edited settings file can hold anything, so an
 * invalid value is ignored rather than failing every run; null/empty means "no default".
 */
export function readSettingsDefaults(get: (key: string) => unknown): Partial<OptionChoices> {
  const defaults: Partial<Record<keyof OptionChoices, unknown>> = {};
  for (const field of OPTION_FIELDS) {
    const value = get(SETTING_KEYS[field]);
    if (value === undefined || value === null) {
      continue;
    }
    if (fieldProblem(field, value) === undefined) {
      defaults[field] = value;
    }
  }
  return defaults as Partial<OptionChoices>;
}

function firstDefined<K extends keyof OptionChoices>(
  field: K,
  layers: readonly (Partial<OptionChoices> | undefined)[],
): OptionChoices[K] | undefined {
  for (const layer of layers) {
    const value = layer?.[field];
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

export function resolveChoices(layers: ChoiceLayers): OptionChoices {
  const order = [layers.picked, layers.last, layers.settings];
  return {
    format: firstDefined('format', order) ?? PRODUCT_DEFAULTS.format,
    aspect_ratio: firstDefined('aspect_ratio', order) ?? PRODUCT_DEFAULTS.aspect_ratio,
    num_outputs: firstDefined('num_outputs', order) ?? PRODUCT_DEFAULTS.num_outputs,
    // An explicit choice in any layer wins; otherwise the step count suits the model.
    num_inference_steps: firstDefined('num_inference_steps', order) ?? modelDefaultSteps(layers.model),
    seed: firstDefined('seed', order) ?? 'random',
    output_quality: firstDefined('output_quality', order) ?? PRODUCT_DEFAULTS.output_quality,
    disable_safety_checker: firstDefined('disable_safety_checker', order) ?? PRODUCT_DEFAULTS.disable_safety_checker,
    megapixels: firstDefined('megapixels', order) ?? PRODUCT_DEFAULTS.megapixels,
  };
}

/**
 * Turns "random" into a real seed before sending, so every run's record holds the seed that
 * reproduces it.
 */
export function finalizeOptions(choices: OptionChoices, drawSeed: () => number): VariationOptions {
  return { ...choices, seed: choices.seed === 'random' ? drawSeed() : choices.seed };
}

/** Uniform over 0 … 2^32−1 (randomInt's upper bound is exclusive). */
export function drawRandomSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

function ratioOf(aspect: AspectRatio): number {
  const [w, h] = aspect.split(':').map(Number);
  return w / h;
}

/**
 * The supported ratio closest to the source's own. Compared in log space so that 2:1 and 1:2 are
 * equally far from 1:1; anything wider than 21:9 (or taller than 9:21) lands on the extreme.
 */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) {
    throw new RangeError(`Image size must be positive; got ${width} × ${height}`);
  }
  const target = Math.log(width / height);
  let best: AspectRatio = ASPECT_RATIOS[0];
  let bestDistance = Infinity;
  for (const aspect of ASPECT_RATIOS) {
    const distance = Math.abs(Math.log(ratioOf(aspect)) - target);
    if (distance < bestDistance) {
      best = aspect;
      bestDistance = distance;
    }
  }
  return best;
}
