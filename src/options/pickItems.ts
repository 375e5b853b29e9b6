/**
 * What each quick pick step offers: labels, helping texts, which entry is the current value.
 * Plain data (no vscode), so the words and their order are tested and documented in one place.
 * Labels are stable and free of icons, so a keyboard user (or an end-to-end test) can type them.
 */
import { ASPECT_RATIOS, FORMATS, MEGAPIXELS, type AspectRatio, type ModelId } from './types';
import * as l10n from '@vscode/l10n';
import {
  FORMAT_LABELS,
  MODEL_INFO,
  NUM_OUTPUTS_RANGE,
  QUALITY_RANGE,
  SEED_RANGE,
  STEPS_RANGE,
  aspectRatioInfo,
  formatInfo,
  isIntegerIn,
  megapixelsInfo,
  modelDefaultSteps,
  qualityPresets,
  safetyOffWarning,
  stepPresets,
  usesQuality,
  type IntegerRange,
  type NumberPreset,
} from './parameters';
import { nearestAspectRatio } from './resolve';
import { summarizeOptions, type OptionChoices } from './summary';
import { NO_OFFERS, offerEntries, type FirstStepOffers, type OfferValue } from './firstStepOffers';

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

/*
 * Labels the quick picks look entries up by. Functions, so they are translated when shown (after
 * activation installed the translator) and the lookup compares words in the same language.
 */
export const runNowLabel = (): string => l10n.t('Run with current settings');
export const everyOptionLabel = (): string => l10n.t('Choose every option…');
export const customLabel = (): string => l10n.t('Custom…');
export const randomSeedLabel = (): string => l10n.t('Random');
export const enterSeedLabel = (): string => l10n.t('Enter a seed…');
export const safetyOnLabel = (): string => l10n.t('Safety checker on');
export const safetyOffLabel = (): string => l10n.t('Safety checker off');

export type FirstStepValue = { kind: 'run' } | { kind: 'every' } | { kind: 'aspect'; aspect: AspectRatio } | OfferValue;
export type NumberValue = { kind: 'number'; value: number } | { kind: 'custom' };
export type SeedValue = { kind: 'random' } | { kind: 'fixed'; seed: number } | { kind: 'custom' };

export function matchSourceLabel(aspect: AspectRatio): string {
  return l10n.t('Match source (≈ {0})', aspect);
}

function bestForLine(uses: string): string {
  return l10n.t('Best for: {0}', uses);
}

function hasUsableSize(source: SourceImage | undefined): source is SourceImage {
  return !!source && Number.isFinite(source.width) && Number.isFinite(source.height) && source.width > 0 && source.height > 0;
}

/**
 * Step 1: run at once (with the current settings, the image's recipe or a preset), choose every
 * option one at a time, or choose an aspect ratio (which also goes on through every option: the
 * entry of its own is there so that a new user sees the way).
 */
export function firstStepEntries(choices: OptionChoices, source?: SourceImage, offers: FirstStepOffers = NO_OFFERS): PickListEntry<FirstStepValue>[] {
  const offered = offerEntries(offers);
  return [
    {
      label: offers.runNowLabel ?? runNowLabel(),
      description: summarizeOptions(choices),
      detail: l10n.t('Enter runs now. Below: go through every option, starting with the aspect ratio'),
      value: { kind: 'run' },
    },
    ...offered,
    // After the presets' heading, a heading of its own keeps "Choose every option…" from reading as a preset.
    ...(offers.presets.length > 0 ? [{ separator: l10n.t('Options') }] : []),
    {
      label: everyOptionLabel(),
      description: l10n.t('Aspect ratio, outputs, format, resolution, steps, seed and safety'),
      value: { kind: 'every' },
    },
    { separator: l10n.t('Aspect ratio') },
    ...aspectEntries(choices, source).map((entry): PickEntry<FirstStepValue> => ({
      ...entry,
      value: { kind: 'aspect', aspect: entry.value },
    })),
  ];
}

/** The aspect ratios: the source's nearest first when its size is known, then all eleven. */
export function aspectEntries(choices: OptionChoices, source?: SourceImage): PickEntry<AspectRatio>[] {
  const entries: PickEntry<AspectRatio>[] = [];
  if (hasUsableSize(source)) {
    const nearest = nearestAspectRatio(source.width, source.height);
    // One line: what the ratio is best for is on its own row below, and a second line here
    // would push the last ratios out of view.
    entries.push({
      label: matchSourceLabel(nearest),
      description: l10n.t('The supported ratio nearest to {0} ({1} × {2})', source.name, source.width, source.height),
      value: nearest,
    });
  }
  for (const aspect of ASPECT_RATIOS) {
    const info = aspectRatioInfo(aspect);
    // One line each, so that all eleven ratios show at once without scrolling.
    entries.push({
      label: aspect,
      description: l10n.t({ message: '{0} · {1}', args: [info.description, info.bestFor], comment: ['{0} names an aspect ratio (Widescreen), {1} says what it is best for'] }),
      value: aspect,
      current: aspect === choices.aspect_ratio,
    });
  }
  return entries;
}

export function outputsEntries(choices: OptionChoices): PickEntry<number>[] {
  const entries: PickEntry<number>[] = [];
  for (let n = NUM_OUTPUTS_RANGE.min; n <= NUM_OUTPUTS_RANGE.max; n++) {
    entries.push({
      label: n === 1 ? l10n.t('1 output') : l10n.t('{0} outputs', n),
      description: n === 1 ? l10n.t('One variation; the cheapest run') : l10n.t('{0} variations to compare; each output costs credits', n),
      value: n,
      current: n === choices.num_outputs,
    });
  }
  return entries;
}

/** The label is the API's own value (webp, jpg, png), which a keyboard user types. */
export function formatEntries(choices: OptionChoices): PickEntry<(typeof FORMATS)[number]>[] {
  return FORMATS.map((format) => {
    const info = formatInfo(format);
    return {
      label: format,
      description: l10n.t({
        message: '{0}: {1}',
        args: [FORMAT_LABELS[format], info.description],
        comment: ['{0} is a format name such as WebP, {1} its short description'],
      }),
      detail: usesQuality(format) ? bestForLine(info.bestFor) : l10n.t('Best for: {0} (no quality to choose)', info.bestFor),
      value: format,
      current: format === choices.format,
    };
  });
}

export function megapixelsEntries(choices: OptionChoices): PickEntry<(typeof MEGAPIXELS)[number]>[] {
  return MEGAPIXELS.map((megapixels) => {
    const info = megapixelsInfo(megapixels);
    return {
      label: info.label,
      description: info.description,
      detail: bestForLine(info.bestFor),
      value: megapixels,
      current: megapixels === choices.megapixels,
    };
  });
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
    : [...presets, { value: current, description: l10n.t('Your current value') }].sort((a, b) => a.value - b.value);
  return [
    ...all.map((preset): PickEntry<NumberValue> => ({
      label: label(preset.value),
      description: describe(preset),
      value: { kind: 'number', value: preset.value },
      current: preset.value === current,
    })),
    {
      label: customLabel(),
      description: l10n.t('A whole number from {0} to {1}', range.min, range.max),
      value: { kind: 'custom' },
    },
  ];
}

export function stepsEntries(choices: OptionChoices, model: ModelId): PickEntry<NumberValue>[] {
  const modelDefault = modelDefaultSteps(model);
  return numberEntries(
    stepPresets(),
    choices.num_inference_steps,
    (n) => (n === 1 ? l10n.t('1 step') : l10n.t('{0} steps', n)),
    (preset) =>
      preset.value === modelDefault
        ? l10n.t({
            message: '{0} · default for {1}',
            args: [preset.description, MODEL_INFO[model].label],
            comment: ['{0} describes a number of steps, {1} is a model name such as Flux Redux Dev'],
          })
        : preset.description,
    STEPS_RANGE,
  );
}

export function qualityEntries(choices: OptionChoices): PickEntry<NumberValue>[] {
  return numberEntries(qualityPresets(), choices.output_quality, (n) => l10n.t('Quality {0}', n), (p) => p.description, QUALITY_RANGE);
}

export function seedEntries(choices: OptionChoices, lastSeed?: number): PickEntry<SeedValue>[] {
  const entries: PickEntry<SeedValue>[] = [
    {
      label: randomSeedLabel(),
      description: l10n.t('A new seed every run; the one used is recorded, so the run can be repeated'),
      value: { kind: 'random' },
      current: choices.seed === 'random',
    },
  ];
  if (lastSeed !== undefined && isIntegerIn(lastSeed, SEED_RANGE)) {
    entries.push({
      label: l10n.t('Last used: {0}', lastSeed),
      description: l10n.t('Repeat the last run’s seed'),
      value: { kind: 'fixed', seed: lastSeed },
      current: choices.seed === lastSeed,
    });
  }
  if (choices.seed !== 'random' && choices.seed !== lastSeed) {
    entries.push({
      label: l10n.t('Seed {0}', choices.seed),
      description: l10n.t('Your current seed'),
      value: { kind: 'fixed', seed: choices.seed },
      current: true,
    });
  }
  entries.push({
    label: enterSeedLabel(),
    description: l10n.t('A whole number from {0} to {1}; the same seed and options repeat a result', SEED_RANGE.min, SEED_RANGE.max),
    value: { kind: 'custom' },
  });
  return entries;
}

/** The warning icon is drawn by VS Code from `$(warning)`; it stays out of the translated words. */
export function safetyEntries(choices: OptionChoices): PickEntry<boolean>[] {
  return [
    {
      label: safetyOnLabel(),
      description: l10n.t('Recommended: outputs the provider flags are withheld'),
      value: false,
      current: !choices.disable_safety_checker,
    },
    {
      label: safetyOffLabel(),
      description: `$(warning) ${l10n.t('Flagged outputs are not withheld')}`,
      detail: safetyOffWarning(),
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
    ? l10n.t('Enter a whole number from {0} to {1}', range.min, range.max)
    : undefined;
}
