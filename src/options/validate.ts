/**
 * Checks options that come from outside the quick picks (scripts, settings, stored records).
 * Messages are shown to users as they are, so they name the field, its allowed values, and what
 * was given.
 */
import { ASPECT_RATIOS, FORMATS, MODELS, type ModelId, type VariationOptions } from './types';
import * as l10n from '@vscode/l10n';
import { isRecord } from '../shared/guards';
import {
  NUM_OUTPUTS_RANGE,
  OPTION_FIELDS,
  QUALITY_RANGE,
  SEED_RANGE,
  STEPS_RANGE,
  isAspectRatio,
  isIntegerIn,
  isMegapixels,
  isOutputFormat,
  type IntegerRange,
  type OptionField,
} from './parameters';

/**
 * The options JSON of scripts, Copy settings and presets: the API's option fields and the model
 * that runs them, each optional.
 */
export type ScriptOptions = Partial<VariationOptions> & { model?: ModelId };

/** Every key the options JSON knows: the API's fields, then `model`. */
export const SCRIPT_OPTION_KEYS: readonly string[] = [...OPTION_FIELDS, 'model'];

export type ScriptOptionsResult =
  | { ok: true; value: ScriptOptions }
  | { ok: false; message: string };

/** A short, faithful rendering of what was given, for "got …" (never huge, never "[object Object]"). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return l10n.t('"{0}" (a string)', shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return l10n.t('an array');
  }
  // "undefined", "function", "symbol": JavaScript's own names, the same in every language.
  return typeof value === 'object' ? l10n.t('an object') : typeof value;
}

function oneOf(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** `field` is the API's field name, the same in every language. */
function integerProblem(field: OptionField, value: unknown, range: IntegerRange): string | undefined {
  return isIntegerIn(value, range)
    ? undefined
    : l10n.t('{0} must be a whole number from {1} to {2}; got {3}', field, range.min, range.max, describeValue(value));
}

/** The problem with one field's value, or undefined when it is valid. */
export function fieldProblem(field: OptionField, value: unknown): string | undefined {
  switch (field) {
    case 'format':
      return isOutputFormat(value) ? undefined : l10n.t('format must be one of {0}; got {1}', oneOf(FORMATS), describeValue(value));
    case 'aspect_ratio':
      return isAspectRatio(value)
        ? undefined
        : l10n.t('aspect_ratio must be one of {0}; got {1}', oneOf(ASPECT_RATIOS), describeValue(value));
    case 'num_outputs':
      return integerProblem(field, value, NUM_OUTPUTS_RANGE);
    case 'num_inference_steps':
      return integerProblem(field, value, STEPS_RANGE);
    case 'seed':
      return isIntegerIn(value, SEED_RANGE)
        ? undefined
        : l10n.t(
            'seed must be a whole number from {0} to {1} (leave it out for a random seed); got {2}',
            SEED_RANGE.min,
            SEED_RANGE.max,
            describeValue(value),
          );
    case 'output_quality':
      return integerProblem(field, value, QUALITY_RANGE);
    case 'disable_safety_checker':
      return typeof value === 'boolean' ? undefined : l10n.t('disable_safety_checker must be true or false; got {0}', describeValue(value));
    case 'megapixels':
      if (isMegapixels(value)) {
        return undefined;
      }
      // The API wants a string here although it looks numeric; scripts easily send 1 or 0.25.
      return typeof value === 'number'
        ? l10n.t('megapixels must be the string "1" or "0.25", not a number; got {0}', value)
        : l10n.t('megapixels must be the string "1" or "0.25"; got {0}', describeValue(value));
    default:
      return assertNeverField(field);
  }
}

function assertNeverField(field: never): never {
  throw new Error(`Unknown option field: ${String(field)}`);
}

export function isModelId(value: unknown): value is ModelId {
  return typeof value === 'string' && (MODELS as readonly string[]).includes(value);
}

export function modelProblem(value: unknown): string | undefined {
  return isModelId(value) ? undefined : l10n.t('model must be one of {0}; got {1}', oneOf(MODELS), describeValue(value));
}

function isOptionField(key: string): key is OptionField {
  return (OPTION_FIELDS as readonly string[]).includes(key);
}

/**
 * Options passed to `fluxRedux.createVariations` by a script. `undefined` means "no options"
 * (an empty result); fields set to `undefined` count as absent. Every problem is reported at once.
 */
export function validateScriptOptions(input: unknown): ScriptOptionsResult {
  if (input === undefined) {
    return { ok: true, value: {} };
  }
  if (!isRecord(input)) {
    return {
      ok: false,
      message: l10n.t("Options must be an object with the API's field names ({0}); got {1}", SCRIPT_OPTION_KEYS.join(', '), describeValue(input)),
    };
  }
  const unknownKeys = Object.keys(input).filter((key) => !SCRIPT_OPTION_KEYS.includes(key));
  const problems: string[] = [];
  if (unknownKeys.length > 0) {
    const unknownList = oneOf(unknownKeys);
    const known = SCRIPT_OPTION_KEYS.join(', ');
    problems.push(
      unknownKeys.length === 1
        ? l10n.t('Unknown option {0}; known options are {1}', unknownList, known)
        : l10n.t('Unknown options {0}; known options are {1}', unknownList, known),
    );
  }
  const value: Partial<Record<OptionField, unknown>> = {};
  for (const field of OPTION_FIELDS) {
    const given = input[field];
    if (given === undefined) {
      continue;
    }
    const problem = fieldProblem(field, given);
    if (problem) {
      problems.push(problem);
    } else {
      value[field] = given;
    }
  }
  let model: ModelId | undefined;
  if (input.model !== undefined) {
    const problem = modelProblem(input.model);
    if (problem) {
      problems.push(problem);
    } else {
      model = input.model as ModelId;
    }
  }
  return problems.length > 0
    ? { ok: false, message: problems.join('; ') }
    : { ok: true, value: { ...(value as Partial<VariationOptions>), ...(model !== undefined ? { model } : {}) } };
}

/** A complete, valid set of options with nothing else in it (e.g. read back from a stored record). */
export function isValidOptions(o: unknown): o is VariationOptions {
  return (
    isRecord(o) &&
    Object.keys(o).every(isOptionField) &&
    OPTION_FIELDS.every((field) => fieldProblem(field, o[field]) === undefined)
  );
}
