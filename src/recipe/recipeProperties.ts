/**
 * A recipe as XMP simple properties (name, text) and back. Reading checks every field the way
 * script options are checked (src/options/validate.ts): a file can say anything, and a recipe is
 * only used when all of it is valid. Plain: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { OPTION_FIELDS, isModelId, type OptionField } from '../options/parameters';
import type { VariationOptions } from '../options/types';
import { describeValue, fieldProblem } from '../options/validate';
import { isGenerationId } from '../runs/generationIds';
import { OPTION_PROPERTIES, RECIPE_TOOL, withoutAbsentFields, type Recipe } from './recipe';

const INTEGER_FIELDS: ReadonlySet<OptionField> = new Set(['num_outputs', 'num_inference_steps', 'seed', 'output_quality']);

/** The properties in the order they are written: who made it, how, from what, which run. */
export function recipeProperties(recipe: Recipe): Array<[string, string]> {
  const properties: Array<[string, string | undefined]> = [
    ['Tool', recipe.tool],
    ['ToolVersion', recipe.toolVersion],
    ['Model', recipe.model],
    ...PROPERTY_ORDER.map((field): [string, string] => [OPTION_PROPERTIES[field], optionText(recipe.options[field])]),
    ['SourceName', recipe.sourceName],
    ['SourceSHA256', recipe.sourceSha256],
    ['GenerationId', recipe.generationId],
    ['RecordId', recipe.recordId],
    ['ParentGenerationId', recipe.parentGenerationId],
    ['CreatedAt', recipe.createdAt],
  ];
  return properties.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
}

/** The options in the order the issue lists them, which is how a reader of the file sees them. */
const PROPERTY_ORDER: readonly OptionField[] = [
  'aspect_ratio',
  'num_outputs',
  'format',
  'megapixels',
  'num_inference_steps',
  'output_quality',
  'seed',
  'disable_safety_checker',
];

/** XMP writes a Boolean as "True" or "False". */
function optionText(value: VariationOptions[OptionField]): string {
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  return String(value);
}

export type RecipeReading = { ok: true; recipe: Recipe } | { ok: false; reason: string };

const SHA256 = /^[0-9a-f]{64}$/;
const TOOL_VERSION = /^[0-9A-Za-z.+-]{1,40}$/;
const RECORD_ID = /^[\x21-\x7e]{1,200}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const MAX_NAME_LENGTH = 255;

/**
 * The recipe the properties hold, or every reason why not. Properties of the namespace that this
 * version does not know are left alone, so a file from a later version still reads.
 */
export function recipeFromProperties(properties: ReadonlyMap<string, string>): RecipeReading {
  const problems: string[] = [];
  const text = (name: string): string | undefined => properties.get(name);
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined || value === '') {
      problems.push(l10n.t('{0} is missing', name));
      return '';
    }
    return value;
  };
  const optional = (name: string, valid: (value: string) => boolean): string | undefined => {
    const value = text(name);
    if (value === undefined || value === '') {
      return undefined;
    }
    if (!valid(value)) {
      problems.push(l10n.t('{0} is not valid; got {1}', name, describeValue(value)));
    }
    return value;
  };

  const tool = required('Tool');
  if (tool !== '' && tool !== RECIPE_TOOL) {
    problems.push(l10n.t('Tool must be "{0}"; got {1}', RECIPE_TOOL, describeValue(tool)));
  }
  const toolVersion = required('ToolVersion');
  if (toolVersion !== '' && !TOOL_VERSION.test(toolVersion)) {
    problems.push(l10n.t('{0} is not valid; got {1}', 'ToolVersion', describeValue(toolVersion)));
  }
  const model = required('Model');
  if (model !== '' && !isModelId(model)) {
    problems.push(l10n.t('{0} is not valid; got {1}', 'Model', describeValue(model)));
  }
  const options: Partial<Record<OptionField, unknown>> = {};
  for (const field of OPTION_FIELDS) {
    const raw = required(OPTION_PROPERTIES[field]);
    if (raw === '') {
      continue;
    }
    const value = optionValue(field, raw);
    const problem = fieldProblem(field, value);
    if (problem) {
      problems.push(`${OPTION_PROPERTIES[field]}: ${problem}`);
    } else {
      options[field] = value;
    }
  }
  const sourceName = required('SourceName');
  if (sourceName !== '' && !isPlainFileName(sourceName)) {
    problems.push(l10n.t('{0} is not valid; got {1}', 'SourceName', describeValue(sourceName)));
  }
  const sourceSha256 = optional('SourceSHA256', (value) => SHA256.test(value));
  const generationId = required('GenerationId');
  if (generationId !== '' && !isGenerationId(generationId)) {
    problems.push(l10n.t('{0} is not valid; got {1}', 'GenerationId', describeValue(generationId)));
  }
  const recordId = optional('RecordId', (value) => RECORD_ID.test(value));
  const parentGenerationId = optional('ParentGenerationId', isGenerationId);
  const createdAt = required('CreatedAt');
  if (createdAt !== '' && !(TIMESTAMP.test(createdAt) && Number.isFinite(Date.parse(createdAt)))) {
    problems.push(l10n.t('{0} is not valid; got {1}', 'CreatedAt', describeValue(createdAt)));
  }
  if (problems.length > 0) {
    return { ok: false, reason: problems.join('; ') };
  }
  return {
    ok: true,
    recipe: withoutAbsentFields({
      tool: RECIPE_TOOL,
      toolVersion,
      model: model as Recipe['model'],
      options: options as VariationOptions,
      sourceName,
      sourceSha256,
      generationId,
      recordId,
      parentGenerationId,
      createdAt,
    }),
  };
}

/** The value as the options hold it; text that is no such value stays text, for the message. */
function optionValue(field: OptionField, raw: string): unknown {
  if (INTEGER_FIELDS.has(field)) {
    return /^(?:0|[1-9][0-9]{0,15})$/.test(raw) ? Number(raw) : raw;
  }
  if (field === 'disable_safety_checker') {
    return raw === 'True' ? true : raw === 'False' ? false : raw;
  }
  return raw;
}

function isPlainFileName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && !/[\\/\u0000-\u001f]/.test(name) && name !== '.' && name !== '..';
}
