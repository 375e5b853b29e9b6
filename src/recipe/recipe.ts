/**
 * The recipe of a saved result: what made it, so that months later the file itself says how
 * (and a later run can use the same settings). Only what is needed to repeat the run: never an
 * absolute path, the key, or a user or team name. Plain: no `vscode`.
 */
import type { GenerationRecord } from '../runs/record';
import type { ModelId, VariationOptions } from '../options/types';
import type { OptionField } from '../options/parameters';

export const RECIPE_TOOL = 'Flux Redux Variations';

export interface Recipe {
  tool: typeof RECIPE_TOOL;
  /** The extension's version (package.json) that saved the file. */
  toolVersion: string;
  model: ModelId;
  options: VariationOptions;
  /** The source's file name only, without folders. */
  sourceName: string;
  /** SHA-256 (hex) of the bytes uploaded as the source; absent when the stored copy was gone. */
  sourceSha256?: string;
  generationId: string;
  /** The server's record of the run, when it named one. */
  recordId?: string;
  /** The generation this run varied (lineage); absent for a run from a file. */
  parentGenerationId?: string;
  /** When the run started (ISO 8601). */
  createdAt: string;
}

/**
 * Each option under its API name, written as one XMP property: the API's snake_case field in
 * the PascalCase that XMP properties use.
 */
export const OPTION_PROPERTIES: Record<OptionField, string> = {
  aspect_ratio: 'AspectRatio',
  num_outputs: 'NumOutputs',
  format: 'Format',
  megapixels: 'Megapixels',
  num_inference_steps: 'NumInferenceSteps',
  output_quality: 'OutputQuality',
  seed: 'Seed',
  disable_safety_checker: 'DisableSafetyChecker',
};

export interface RecipeInputs {
  toolVersion: string;
  /** SHA-256 (hex) of the stored source copy, which holds exactly the uploaded bytes. */
  sourceSha256?: string;
}

/** The recipe of a result of `record`. */
export function recipeOf(record: GenerationRecord, inputs: RecipeInputs): Recipe {
  return withoutAbsentFields({
    tool: RECIPE_TOOL,
    toolVersion: inputs.toolVersion,
    model: record.model,
    options: { ...record.options },
    sourceName: fileNameOnly(record.source.name),
    sourceSha256: inputs.sourceSha256,
    generationId: record.id,
    recordId: record.recordId,
    parentGenerationId: record.parent?.generationId,
    createdAt: record.createdAt,
  });
}

/** Leaves out the optional fields that are undefined, so equal recipes compare equal. */
export function withoutAbsentFields(recipe: Recipe): Recipe {
  return Object.fromEntries(Object.entries(recipe).filter(([, value]) => value !== undefined)) as unknown as Recipe;
}

/** The last segment of a name that may (wrongly) hold folders, of either kind of slash. */
export function fileNameOnly(name: string): string {
  const segments = name.split(/[\\/]/);
  return segments[segments.length - 1] ?? '';
}
