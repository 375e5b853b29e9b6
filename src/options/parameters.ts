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
import { t } from '../l10n';

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
  '1:1': () => ({ description: t('Square format'), bestFor: t('Social media posts, profile pictures') }),
  '16:9': () => ({ description: t('Widescreen'), bestFor: t('Landscape photography, banners, YouTube thumbnails') }),
  '21:9': () => ({ description: t('Ultra-wide'), bestFor: t('Cinematic content, panoramic views') }),
  '3:2': () => ({ description: t('Standard photo'), bestFor: t('Traditional photography') }),
  '2:3': () => ({ description: t('Portrait photo'), bestFor: t('Vertical content, mobile screens') }),
  '4:5': () => ({ description: t('Portrait social'), bestFor: t('Instagram feed posts, social media') }),
  '5:4': () => ({ description: t('Landscape photo'), bestFor: t('Print photography') }),
  '3:4': () => ({ description: t('Portrait format'), bestFor: t('Artistic portraits') }),
  '4:3': () => ({ description: t('Standard format'), bestFor: t('General purpose, presentations') }),
  '9:16': () => ({ description: t('Vertical video'), bestFor: t('Stories, TikTok, mobile content') }),
  '9:21': () => ({ description: t('Ultra-tall'), bestFor: t('Mobile banners, vertical designs') }),
};

export function aspectRatioInfo(aspect: AspectRatio): ChoiceInfo {
  return ASPECT_RATIO_TEXTS[aspect]();
}

/** Format names, shown as they are in every language. */
export const FORMAT_LABELS: Record<OutputFormat, string> = { webp: 'WebP', jpg: 'JPEG', png: 'PNG' };

const FORMAT_TEXTS: Record<OutputFormat, () => ChoiceInfo> = {
  webp: () => ({ description: t('Modern web format'), bestFor: t('Web optimization, smaller file sizes') }),
  jpg: () => ({ description: t('Widely supported photo format'), bestFor: t('General use, compatibility') }),
  png: () => ({ description: t('Lossless, larger files'), bestFor: t('High quality, transparency support') }),
};

export function formatInfo(format: OutputFormat): ChoiceInfo {
  return FORMAT_TEXTS[format]();
}

const MEGAPIXELS_TEXTS: Record<Megapixels, () => ChoiceInfo & { label: string }> = {
  '1': () => ({ label: t('1 MP'), description: t('About 1024 × 1024 pixels'), bestFor: t('Final outputs') }),
  '0.25': () => ({ label: t('0.25 MP'), description: t('About 512 × 512 pixels'), bestFor: t('Quick previews') }),
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
    { value: 4, description: t('Schnell default: fastest') },
    { value: 15, description: t('Quick drafts: fast, lower quality') },
    { value: 20, description: t('Fast, with more detail than 15 steps') },
    { value: 28, description: t('Dev default: balanced quality and speed') },
    { value: 40, description: t('High quality, slower') },
    { value: 50, description: t('Maximum quality, slowest') },
  ];
}

/** The page's tip: 80–90 for most uses, 100 for print. */
export function qualityPresets(): NumberPreset[] {
  return [
    { value: 60, description: t('Smaller files, visible artefacts') },
    { value: 80, description: t('Default: good for most uses') },
    { value: 90, description: t('Higher quality for most uses') },
    { value: 100, description: t('Print quality, largest files') },
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
  format: () => t('Format of the generated image'),
  aspect_ratio: () => t('Aspect ratio of the output image'),
  num_outputs: () => t('Number of variations to generate (1–4); each costs credits'),
  num_inference_steps: () => t('Number of inference steps (1–50). Higher values = better quality, slower generation'),
  seed: () => t('Random seed for reproducible results'),
  output_quality: () => t('Quality of the output image (1–100)'),
  disable_safety_checker: () => t('Content safety checker'),
  megapixels: () => t('Output image resolution'),
};

/** One line per field, the playground's help texts; used as quick pick placeholders. */
export function fieldDescription(field: OptionField): string {
  return FIELD_TEXTS[field]();
}

export function safetyOffWarning(): string {
  return t('Outputs the provider would withhold may be returned; use only for artistic content that is flagged incorrectly');
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
