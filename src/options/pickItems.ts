/**
 * What each quick pick step offers: labels, helping texts, which entry is the current value.
 * Plain data (no vscode), so the words and their order are tested and documented in one place.
 * Labels are stable and free of icons, so a keyboard user (or an end-to-end test) can type them.
 */
import { ASPECT_RATIOS, FORMATS, MEGAPIXELS, type AspectRatio, type ModelId } from './types';
import {
  ASPECT_RATIO_INFO,
  FORMAT_INFO,
  MEGAPIXELS_INFO,
  MODEL_INFO,
  NUM_OUTPUTS_RANGE,
  QUALITY_PRESETS,
  QUALITY_RANGE,
  SAFETY_OFF_WARNING,
  SEED_RANGE,
  STEPS_RANGE,
  STEP_PRESETS,
  isIntegerIn,
  modelDefaultSteps,
  type IntegerRange,
  type NumberPreset,
} from './parameters';
import { nearestAspectRatio } from './resolve';
import { summarizeOptions, type OptionChoices } from './summary';

export interface PickEntry<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  /** The value in force now: marked, and the entry the cursor starts on. */
  current?: boolean;
}

export interface PickSeparator {
  separator: string;
}

export type PickListEntry<T> = PickEntry<T> | PickSeparator;

export function isSeparator<T>(entry: PickListEntry<T>): entry is PickSeparator {
  return 'separator' in entry;
}

export interface SourceImage {
  name: string;
  width: number;
  height: number;
}

export const RUN_NOW_LABEL = 'Run with current settings';
export const CUSTOM_LABEL = 'Custom…';
export const RANDOM_SEED_LABEL = 'Random';
export const ENTER_SEED_LABEL = 'Enter a seed…';
export const SAFETY_ON_LABEL = 'Safety checker on';
export const SAFETY_OFF_LABEL = 'Safety checker off';

export type FirstStepValue = { kind: 'run' } | { kind: 'aspect'; aspect: AspectRatio };
export type NumberValue = { kind: 'number'; value: number } | { kind: 'custom' };
export type SeedValue = { kind: 'random' } | { kind: 'fixed'; seed: number } | { kind: 'custom' };

export function matchSourceLabel(aspect: AspectRatio): string {
  return `Match source (≈ ${aspect})`;
}

function hasUsableSize(source: SourceImage | undefined): source is SourceImage {
  return !!source && Number.isFinite(source.width) && Number.isFinite(source.height) && source.width > 0 && source.height > 0;
}

/** Step 1: run at once, or choose the aspect ratio (which starts the walk through every option). */
export function firstStepEntries(choices: OptionChoices, source?: SourceImage): PickListEntry<FirstStepValue>[] {
  const entries: PickListEntry<FirstStepValue>[] = [
    {
      label: RUN_NOW_LABEL,
      description: summarizeOptions(choices),
      detail: 'Enter runs now; or choose an aspect ratio below to go through every option',
      value: { kind: 'run' },
    },
    { separator: 'Aspect ratio' },
  ];
  if (hasUsableSize(source)) {
    const nearest = nearestAspectRatio(source.width, source.height);
    entries.push({
      label: matchSourceLabel(nearest),
      description: `The supported ratio nearest to ${source.name} (${source.width} × ${source.height})`,
      detail: `Best for: ${ASPECT_RATIO_INFO[nearest].bestFor}`,
      value: { kind: 'aspect', aspect: nearest },
    });
  }
  for (const aspect of ASPECT_RATIOS) {
    entries.push({
      label: aspect,
      description: ASPECT_RATIO_INFO[aspect].description,
      detail: `Best for: ${ASPECT_RATIO_INFO[aspect].bestFor}`,
      value: { kind: 'aspect', aspect },
      current: aspect === choices.aspect_ratio,
    });
  }
  return entries;
}

export function outputsEntries(choices: OptionChoices): PickEntry<number>[] {
  const entries: PickEntry<number>[] = [];
  for (let n = NUM_OUTPUTS_RANGE.min; n <= NUM_OUTPUTS_RANGE.max; n++) {
    entries.push({
      label: n === 1 ? '1 output' : `${n} outputs`,
      description: n === 1 ? 'One variation; the cheapest run' : `${n} variations to compare; each output costs credits`,
      value: n,
      current: n === choices.num_outputs,
    });
  }
  return entries;
}

export function formatEntries(choices: OptionChoices): PickEntry<(typeof FORMATS)[number]>[] {
  return FORMATS.map((format) => ({
    label: format,
    description: `${FORMAT_INFO[format].label}: ${FORMAT_INFO[format].description}`,
    detail: `Best for: ${FORMAT_INFO[format].bestFor}${format === 'png' ? ' (no quality step: PNG is lossless)' : ''}`,
    value: format,
    current: format === choices.format,
  }));
}

export function megapixelsEntries(choices: OptionChoices): PickEntry<(typeof MEGAPIXELS)[number]>[] {
  return MEGAPIXELS.map((megapixels) => ({
    label: MEGAPIXELS_INFO[megapixels].label,
    description: MEGAPIXELS_INFO[megapixels].description,
    detail: `Best for: ${MEGAPIXELS_INFO[megapixels].bestFor}`,
    value: megapixels,
    current: megapixels === choices.megapixels,
  }));
}

/** Presets, plus the current value when it is not one of them, plus a way to type any value. */
function numberEntries(
  presets: readonly NumberPreset[],
  current: number,
  label: (n: number) => string,
  describe: (preset: NumberPreset) => string,
  range: IntegerRange,
): PickEntry<NumberValue>[] {
  const values = presets.map((p) => p.value);
  const all: NumberPreset[] = values.includes(current)
    ? [...presets]
    : [...presets, { value: current, description: 'Your current value' }].sort((a, b) => a.value - b.value);
  return [
    ...all.map((preset) => ({
      label: label(preset.value),
      description: describe(preset),
      value: { kind: 'number', value: preset.value } as NumberValue,
      current: preset.value === current,
    })),
    {
      label: CUSTOM_LABEL,
      description: `A whole number from ${range.min} to ${range.max}`,
      value: { kind: 'custom' },
    },
  ];
}

export function stepsEntries(choices: OptionChoices, model: ModelId): PickEntry<NumberValue>[] {
  const modelDefault = modelDefaultSteps(model);
  return numberEntries(
    STEP_PRESETS,
    choices.num_inference_steps,
    (n) => (n === 1 ? '1 step' : `${n} steps`),
    (preset) =>
      preset.value === modelDefault
        ? `${preset.description} · default for ${MODEL_INFO[model].label}`
        : preset.description,
    STEPS_RANGE,
  );
}

export function qualityEntries(choices: OptionChoices): PickEntry<NumberValue>[] {
  return numberEntries(QUALITY_PRESETS, choices.output_quality, (n) => `Quality ${n}`, (p) => p.description, QUALITY_RANGE);
}

export function seedEntries(choices: OptionChoices, lastSeed?: number): PickEntry<SeedValue>[] {
  const entries: PickEntry<SeedValue>[] = [
    {
      label: RANDOM_SEED_LABEL,
      description: 'A new seed every run; the one used is recorded, so the run can be repeated',
      value: { kind: 'random' },
      current: choices.seed === 'random',
    },
  ];
  if (lastSeed !== undefined && isIntegerIn(lastSeed, SEED_RANGE)) {
    entries.push({
      label: `Last used: ${lastSeed}`,
      description: 'Repeat the last run’s seed',
      value: { kind: 'fixed', seed: lastSeed },
      current: choices.seed === lastSeed,
    });
  }
  if (choices.seed !== 'random' && choices.seed !== lastSeed) {
    entries.push({
      label: `Seed ${choices.seed}`,
      description: 'Your current seed',
      value: { kind: 'fixed', seed: choices.seed },
      current: true,
    });
  }
  entries.push({
    label: ENTER_SEED_LABEL,
    description: `A whole number from ${SEED_RANGE.min} to ${SEED_RANGE.max}; the same seed and options repeat a result`,
    value: { kind: 'custom' },
  });
  return entries;
}

export function safetyEntries(choices: OptionChoices): PickEntry<boolean>[] {
  return [
    {
      label: SAFETY_ON_LABEL,
      description: 'Recommended: outputs the provider flags are withheld',
      value: false,
      current: !choices.disable_safety_checker,
    },
    {
      label: SAFETY_OFF_LABEL,
      description: '$(warning) Flagged outputs are not withheld',
      detail: SAFETY_OFF_WARNING,
      value: true,
      current: choices.disable_safety_checker,
    },
  ];
}

/** The number typed into a custom-value box, or undefined when it is not a whole number in range. */
export function parseWholeNumber(text: string, range: IntegerRange): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return undefined;
  }
  const value = Number(trimmed);
  return isIntegerIn(value, range) ? value : undefined;
}

/** The validation message under a custom-value box; undefined when the text is acceptable. */
export function wholeNumberProblem(text: string, range: IntegerRange): string | undefined {
  return parseWholeNumber(text, range) === undefined
    ? `Enter a whole number from ${range.min} to ${range.max}`
    : undefined;
}
