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

export interface ModelInfo {
  label: string;
  description: string;
  defaultSteps: number;
}

export const MODEL_INFO: Record<ModelId, ModelInfo> = {
  'black-forest-labs/flux-redux-dev': {
    label: 'Flux Redux Dev',
    description: 'Higher quality',
    defaultSteps: 28,
  },
  'black-forest-labs/flux-redux-schnell': {
    label: 'Flux Redux Schnell',
    description: 'Faster, lower quality',
    defaultSteps: 4,
  },
};

export const DEFAULT_MODEL: ModelId = MODELS[0];

export function modelDefaultSteps(model: ModelId): number {
  return MODEL_INFO[model].defaultSteps;
}

export interface ChoiceInfo {
  /** The page's short description ("Widescreen"). */
  description: string;
  /** The page's "Best For" column. */
  bestFor: string;
}

export const ASPECT_RATIO_INFO: Record<AspectRatio, ChoiceInfo> = {
  '1:1': { description: 'Square format', bestFor: 'Social media posts, profile pictures' },
  '16:9': { description: 'Widescreen', bestFor: 'Landscape photography, banners, YouTube thumbnails' },
  '21:9': { description: 'Ultra-wide', bestFor: 'Cinematic content, panoramic views' },
  '3:2': { description: 'Standard photo', bestFor: 'Traditional photography' },
  '2:3': { description: 'Portrait photo', bestFor: 'Vertical content, mobile screens' },
  '4:5': { description: 'Portrait social', bestFor: 'Instagram feed posts, social media' },
  '5:4': { description: 'Landscape photo', bestFor: 'Print photography' },
  '3:4': { description: 'Portrait format', bestFor: 'Artistic portraits' },
  '4:3': { description: 'Standard format', bestFor: 'General purpose, presentations' },
  '9:16': { description: 'Vertical video', bestFor: 'Stories, TikTok, mobile content' },
  '9:21': { description: 'Ultra-tall', bestFor: 'Mobile banners, vertical designs' },
};

export const FORMAT_INFO: Record<OutputFormat, ChoiceInfo & { label: string }> = {
  webp: { label: 'WebP', description: 'Modern web format', bestFor: 'Web optimization, smaller file sizes' },
  jpg: { label: 'JPEG', description: 'JPEG format', bestFor: 'General use, compatibility' },
  png: { label: 'PNG', description: 'PNG format', bestFor: 'High quality, transparency support' },
};

export const MEGAPIXELS_INFO: Record<Megapixels, ChoiceInfo & { label: string }> = {
  '1': { label: '1 MP', description: 'About 1024 × 1024 pixels', bestFor: 'Final outputs' },
  '0.25': { label: '0.25 MP', description: 'About 512 × 512 pixels', bestFor: 'Quick previews' },
};

export interface NumberPreset {
  value: number;
  description: string;
}

/** The page's tips: 15–20 fast, 28 balanced, 40–50 best; 4 is Schnell's own default. */
export const STEP_PRESETS: readonly NumberPreset[] = [
  { value: 4, description: 'Schnell default: fastest' },
  { value: 15, description: 'Faster generation, lower quality' },
  { value: 20, description: 'Faster generation, lower quality' },
  { value: 28, description: 'Dev default: balanced quality and speed' },
  { value: 40, description: 'High quality, slower' },
  { value: 50, description: 'Maximum quality, slowest' },
];

/** The page's tip: 80–90 for most uses, 100 for print. */
export const QUALITY_PRESETS: readonly NumberPreset[] = [
  { value: 60, description: 'Smaller files, visible artefacts' },
  { value: 80, description: 'Default: good for most uses' },
  { value: 90, description: 'Higher quality for most uses' },
  { value: 100, description: 'Print quality, largest files' },
];

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

/** One line per field, the playground's help texts; used as quick pick placeholders. */
export const FIELD_DESCRIPTIONS: Record<OptionField, string> = {
  format: 'Format of the generated image',
  aspect_ratio: 'Aspect ratio of the output image',
  num_outputs: 'Number of variations to generate (1–4); each costs credits',
  num_inference_steps: 'Number of inference steps (1–50). Higher values = better quality, slower generation',
  seed: 'Random seed for reproducible results',
  output_quality: 'Quality of the output image (1–100)',
  disable_safety_checker: 'Disable content safety checking',
  megapixels: 'Output image resolution',
};

export const SAFETY_OFF_WARNING =
  'Outputs the provider would withhold may be returned; use only for artistic content that is flagged incorrectly';

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
