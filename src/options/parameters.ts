/**
 * The product page's parameters, in one place: validation, quick picks, settings and summaries
 * all read their names, ranges, defaults and helping words from here.
 * Source: shared/reference/flux-redux-dev-image-variator.txt (the 1min.ai product page).
 */
import {
  ASPECT_RATIOS,
  FORMATS,
  MAX_SEED,
  MEGAPIXELS,
  MODELS,
  type AspectRatio,
  type Megapixels,
  type ModelId,
  type OutputFormat,
  type VariationOptions,
} from './types';
import * as l10n from '@vscode/l10n';

export type OptionField = keyof VariationOptions;

/** Field order as the product page lists them; also the order of messages about several fields. */
export const OPTION_FIELDS: readonly OptionField[] = [
  'format',
  'aspect_ratio',
  'num_outputs',
  'num_inference_steps',
  'seed',
  'output_quality',
  'disable_safety_checker',
  'megapixels',
];

export interface IntegerRange {
  min: number;
  max: number;
}

export const NUM_OUTPUTS_RANGE: IntegerRange = { min: 1, max: 4 };
export const STEPS_RANGE: IntegerRange = { min: 1, max: 50 };
export const QUALITY_RANGE: IntegerRange = { min: 1, max: 100 };
export const SEED_RANGE: IntegerRange = { min: 0, max: MAX_SEED };

/**
 * The page's defaults. Steps are absent on purpose: they follow the model (MODEL_INFO), and seed
 * is absent because "no seed" means a fresh random one each run.
 */
export const PRODUCT_DEFAULTS: Omit<VariationOptions, 'seed' | 'num_inference_steps'> = {
  format: 'webp',
  aspect_ratio: '4:3',
  num_outputs: 1,
  output_quality: 80,
  disable_safety_checker: false,
  megapixels: '1',
};

/** Model names are product names: shown as they are in every language. */
export interface ModelInfo {
  label: string;
  defaultSteps: number;
}

export const MODEL_INFO: Record<ModelId, ModelInfo> = {
  'black-forest-labs/flux-redux-dev': { label: 'Flux Redux Dev', defaultSteps: 28 },
  'black-forest-labs/flux-redux-schnell': { label: 'Flux Redux Schnell', defaultSteps: 4 },
};

export const DEFAULT_MODEL: ModelId = MODELS[0];

export function modelDefaultSteps(model: ModelId): number {
  return MODEL_INFO[model].defaultSteps;
}

/*
 * The helping words below are functions, not constants: they are translated when asked for,
 * after activation has installed the translator, not when the module loads.
 */

export interface ChoiceInfo {
  /** The page's short description ("Widescreen"). */
  description: string;
  /** The page's "Best For" column. */
  bestFor: string;
}

const ASPECT_RATIO_TEXTS: Record<AspectRatio, () => ChoiceInfo> = {
  '1:1': () => ({ description: l10n.t('Square format'), bestFor: l10n.t('Social media posts, profile pictures') }),
  '16:9': () => ({ description: l10n.t('Widescreen'), bestFor: l10n.t('Landscape photography, banners, YouTube thumbnails') }),
  '21:9': () => ({ description: l10n.t('Ultra-wide'), bestFor: l10n.t('Cinematic content, panoramic views') }),
  '3:2': () => ({ description: l10n.t('Standard photo'), bestFor: l10n.t('Traditional photography') }),
  '2:3': () => ({ description: l10n.t('Portrait photo'), bestFor: l10n.t('Vertical content, mobile screens') }),
  '4:5': () => ({ description: l10n.t('Portrait social'), bestFor: l10n.t('Instagram feed posts, social media') }),
  '5:4': () => ({ description: l10n.t('Landscape photo'), bestFor: l10n.t('Print photography') }),
  '3:4': () => ({ description: l10n.t('Portrait format'), bestFor: l10n.t('Artistic portraits') }),
  '4:3': () => ({ description: l10n.t('Standard format'), bestFor: l10n.t('General purpose, presentations') }),
  '9:16': () => ({ description: l10n.t('Vertical video'), bestFor: l10n.t('Stories, TikTok, mobile content') }),
  '9:21': () => ({ description: l10n.t('Ultra-tall'), bestFor: l10n.t('Mobile banners, vertical designs') }),
};

export function aspectRatioInfo(aspect: AspectRatio): ChoiceInfo {
  return ASPECT_RATIO_TEXTS[aspect]();
}

/** Format names, shown as they are in every language. */
export const FORMAT_LABELS: Record<OutputFormat, string> = { webp: 'WebP', jpg: 'JPEG', png: 'PNG' };

const FORMAT_TEXTS: Record<OutputFormat, () => ChoiceInfo> = {
  webp: () => ({ description: l10n.t('Modern web format'), bestFor: l10n.t('Web optimization, smaller file sizes') }),
  jpg: () => ({ description: l10n.t('Widely supported photo format'), bestFor: l10n.t('General use, compatibility') }),
  png: () => ({ description: l10n.t('Lossless, larger files'), bestFor: l10n.t('High quality, transparency support') }),
};

export function formatInfo(format: OutputFormat): ChoiceInfo {
  return FORMAT_TEXTS[format]();
}

const MEGAPIXELS_TEXTS: Record<Megapixels, () => ChoiceInfo & { label: string }> = {
  '1': () => ({ label: l10n.t('1 MP'), description: l10n.t('About 1024 × 1024 pixels'), bestFor: l10n.t('Final outputs') }),
  '0.25': () => ({ label: l10n.t('0.25 MP'), description: l10n.t('About 512 × 512 pixels'), bestFor: l10n.t('Quick previews') }),
};

export function megapixelsInfo(megapixels: Megapixels): ChoiceInfo & { label: string } {
  return MEGAPIXELS_TEXTS[megapixels]();
}

export interface NumberPreset {
  value: number;
  description: string;
}

/**
 * The page's tips: 15–20 fast, 28 balanced, 40–50 best; 4 is Schnell's own default. More steps
 * are slower and more detailed, so each preset is described against its neighbours.
 */
export function stepPresets(): NumberPreset[] {
  return [
    { value: 4, description: l10n.t('Schnell default: fastest') },
    { value: 15, description: l10n.t('Quick drafts: fast, lower quality') },
    { value: 20, description: l10n.t('Fast, with more detail than 15 steps') },
    { value: 28, description: l10n.t('Dev default: balanced quality and speed') },
    { value: 40, description: l10n.t('High quality, slower') },
    { value: 50, description: l10n.t('Maximum quality, slowest') },
  ];
}

/** The page's tip: 80–90 for most uses, 100 for print. */
export function qualityPresets(): NumberPreset[] {
  return [
    { value: 60, description: l10n.t('Smaller files, visible artefacts') },
    { value: 80, description: l10n.t('Default: good for most uses') },
    { value: 90, description: l10n.t('Higher quality for most uses') },
    { value: 100, description: l10n.t('Print quality, largest files') },
  ];
}

/** The `fluxRedux.*` settings (keys relative to the section) that give each field's default. */
export const SETTING_KEYS: Record<OptionField, string> = {
  format: 'defaults.format',
  aspect_ratio: 'defaults.aspectRatio',
  num_outputs: 'defaults.numOutputs',
  num_inference_steps: 'defaults.numInferenceSteps',
  seed: 'defaults.seed',
  output_quality: 'defaults.outputQuality',
  disable_safety_checker: 'defaults.disableSafetyChecker',
  megapixels: 'defaults.megapixels',
};

const FIELD_TEXTS: Record<OptionField, () => string> = {
  format: () => l10n.t('Format of the generated image'),
  aspect_ratio: () => l10n.t('Aspect ratio of the output image'),
  num_outputs: () => l10n.t('Number of variations to generate (1–4); each costs credits'),
  num_inference_steps: () => l10n.t('Number of inference steps (1–50). Higher values = better quality, slower generation'),
  seed: () => l10n.t('Random seed for reproducible results'),
  output_quality: () => l10n.t('Quality of the output image (1–100)'),
  disable_safety_checker: () => l10n.t('Content safety checker'),
  megapixels: () => l10n.t('Output image resolution'),
};

/** One line per field, the playground's help texts; used as quick pick placeholders. */
export function fieldDescription(field: OptionField): string {
  return FIELD_TEXTS[field]();
}

export function safetyOffWarning(): string {
  return l10n.t('Outputs the provider would withhold may be returned; use only for artistic content that is flagged incorrectly');
}

export function isAspectRatio(value: unknown): value is AspectRatio {
  return typeof value === 'string' && (ASPECT_RATIOS as readonly string[]).includes(value);
}

export function isOutputFormat(value: unknown): value is OutputFormat {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

export function isMegapixels(value: unknown): value is Megapixels {
  return typeof value === 'string' && (MEGAPIXELS as readonly string[]).includes(value);
}

export function isModelId(value: unknown): value is ModelId {
  return typeof value === 'string' && (MODELS as readonly string[]).includes(value);
}

export function isIntegerIn(value: unknown, range: IntegerRange): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** Quality means nothing for a lossless format, so it is neither asked for nor shown. */
export function usesQuality(format: OutputFormat): boolean {
  return format !== 'png';
}
