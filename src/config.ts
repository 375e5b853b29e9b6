/**
 * The `fluxRedux.*` settings as one typed object. Plain code: the values arrive through a
 * reader (src/vscodeConfig.ts hands in VS Code's), so parsing is tested in plain Node. A
 * hand-edited settings file can hold anything, so an invalid value falls back to its default
 * rather than failing every run.
 */
import { GENERATION_MODES, type GenerationMode } from './api/requestBody';
import { MODELS, type ModelId } from './options/types';
import { OPTION_FIELDS, SETTING_KEYS } from './options/parameters';
import type { OptionChoices } from './options/summary';
import { fieldProblem } from './options/validate';

/**
 * The default of every setting, keyed as in package.json without the `fluxRedux.` prefix. A unit
 * test holds this to package.json's `contributes.configuration`, so the two cannot drift.
 */
export const SETTING_DEFAULTS = {
  model: 'black-forest-labs/flux-redux-dev',
  'defaults.aspectRatio': '4:3',
  'defaults.numOutputs': 1,
  'defaults.format': 'webp',
  'defaults.megapixels': '1',
  'defaults.numInferenceSteps': null,
  'defaults.outputQuality': 80,
  'defaults.seed': null,
  'defaults.disableSafetyChecker': false,
  apiBaseUrl: 'https://api.1min.ai',
  assetBaseUrls: ['https://asset.1min.ai', 'https://s3.us-east-1.amazonaws.com/asset.1min.ai'],
  saveFolder: 'variations',
  requestTimeoutSeconds: 300,
  generationMode: 'async',
  concurrency: 2,
  maxUploadMB: 50,
  downscaleBeforeUpload: true,
  uploadEarly: false,
  keepImageMetadata: false,
  embedRecipe: true,
  'history.maxStorageMB': 2048,
  // Read on its own (src/options/presetsSetting.ts), user and workspace values apart.
  presets: {},
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

/**
 * Settings declared `"scope": "application"`: where the key goes, whether an image leaves before
 * the user confirms, how much of it leaves (location tags, full resolution) and how the paid call
 * talks to the user's gateway are the user's decisions, not a cloned repository's. Only the user (global) value counts for them, even if a
 * workspace file sets one anyway.
 */
export const USER_ONLY_SETTINGS: readonly SettingKey[] = [
  'apiBaseUrl',
  'assetBaseUrls',
  'uploadEarly',
  'maxUploadMB',
  'downscaleBeforeUpload',
  'keepImageMetadata',
  'generationMode',
];

/** The part of a VS Code configuration section the settings are read through. */
export interface SettingsSection {
  get(key: string): unknown;
  inspect(key: string): { globalValue?: unknown } | undefined;
}

/** Reads each setting the way it is declared: user-only ones from the user's value alone. */
export function settingReader(section: SettingsSection): SettingReader {
  return (key) => (USER_ONLY_SETTINGS.includes(key) ? section.inspect(key)?.globalValue : section.get(key));
}

/**
 * Where values come from: the value the user (for USER_ONLY_SETTINGS) or the effective settings
 * hold for `key`, or undefined when none is set.
 */
export type SettingReader = (key: SettingKey) => unknown;

export interface ExtensionConfig {
  model: ModelId;
  /** The `fluxRedux.defaults.*` settings that hold a valid value, by API field. */
  optionDefaults: Partial<OptionChoices>;
  apiBaseUrl: string;
  assetBaseUrls: string[];
  saveFolder: string;
  requestTimeoutMs: number;
  /** fluxRedux.generationMode: poll the record (`async`) or hold the connection (`sync`). */
  generationMode: GenerationMode;
  concurrency: number;
  /** fluxRedux.maxUploadMB × 2^20. */
  maxUploadBytes: number;
  downscaleBeforeUpload: boolean;
  /** fluxRedux.uploadEarly: the user's own choice, as it sends the image before they confirm. */
  uploadEarly: boolean;
  keepImageMetadata: boolean;
  /** fluxRedux.embedRecipe: saved files carry their recipe as XMP. */
  embedRecipe: boolean;
  /** fluxRedux.history.maxStorageMB (1–100000): the cap on global storage, in units of 2^20 bytes. */
  maxStorageMB: number;
}

function isModel(value: unknown): value is ModelId {
  return typeof value === 'string' && (MODELS as readonly string[]).includes(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function megabytesToBytes(value: unknown): number {
  // Number() as before: a hand-written "20" still counts.
  const mb = Number(value ?? SETTING_DEFAULTS.maxUploadMB);
  return (Number.isFinite(mb) && mb > 0 ? mb : SETTING_DEFAULTS.maxUploadMB) * 1024 * 1024;
}

/**
 * The `fluxRedux.defaults.*` layer of the option choices: each valid value by its API field;
 * null (no default) and invalid values are left out, so the next layer decides.
 */
export function parseOptionDefaults(read: (key: string) => unknown): Partial<OptionChoices> {
  const defaults: Partial<Record<keyof OptionChoices, unknown>> = {};
  for (const field of OPTION_FIELDS) {
    const value = read(SETTING_KEYS[field]);
    if (value !== undefined && value !== null && fieldProblem(field, value) === undefined) {
      defaults[field] = value;
    }
  }
  return defaults as Partial<OptionChoices>;
}

export function parseConfig(read: SettingReader): ExtensionConfig {
  const value = (key: SettingKey): unknown => {
    const set = read(key);
    return set === undefined ? SETTING_DEFAULTS[key] : set;
  };
  const model = value('model');
  const assetBases = value('assetBaseUrls');
  const saveFolder = value('saveFolder');
  const apiBase = value('apiBaseUrl');
  return {
    model: isModel(model) ? model : SETTING_DEFAULTS.model,
    optionDefaults: parseOptionDefaults((key) => value(key as SettingKey)),
    apiBaseUrl: typeof apiBase === 'string' && apiBase !== '' ? apiBase : SETTING_DEFAULTS.apiBaseUrl,
    assetBaseUrls: isStringList(assetBases) ? assetBases : [...SETTING_DEFAULTS.assetBaseUrls],
    saveFolder: typeof saveFolder === 'string' ? saveFolder : SETTING_DEFAULTS.saveFolder,
    requestTimeoutMs: Math.max(10, finiteOr(value('requestTimeoutSeconds'), SETTING_DEFAULTS.requestTimeoutSeconds)) * 1000,
    generationMode: GENERATION_MODES.find((mode) => mode === value('generationMode')) ?? SETTING_DEFAULTS.generationMode,
    concurrency: Math.max(1, Math.min(8, Math.floor(finiteOr(value('concurrency'), SETTING_DEFAULTS.concurrency)))),
    maxUploadBytes: megabytesToBytes(value('maxUploadMB')),
    downscaleBeforeUpload: value('downscaleBeforeUpload') !== false,
    uploadEarly: value('uploadEarly') === true,
    keepImageMetadata: value('keepImageMetadata') === true,
    embedRecipe: value('embedRecipe') !== false,
    maxStorageMB: Math.max(1, Math.min(100_000, finiteOr(value('history.maxStorageMB'), SETTING_DEFAULTS['history.maxStorageMB']))),
  };
}
