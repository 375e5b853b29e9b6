/** A finished run and its recipe, for the recipe tests. */
import type { GenerationRecord } from '../../src/runs/record';
import { recipeOf, type Recipe } from '../../src/recipe/recipe';

export const SOURCE_SHA256 = 'c0ffee'.padEnd(64, '0');

export function sampleRecord(sourceName = 'a & <b>.png'): GenerationRecord {
  return {
    version: 2,
    id: '20250102T030405678-abc123',
    createdAt: '2025-01-02T03:04:05.678Z',
    updatedAt: '2025-01-02T03:05:00.000Z',
    source: {
      uri: `file:///home/jane/secret-project/${encodeURIComponent(sourceName)}`,
      name: sourceName,
      storedFile: 'source.png',
      format: 'png',
      width: 64,
      height: 48,
      bytes: 1234,
    },
    model: 'black-forest-labs/flux-redux-schnell',
    options: {
      format: 'png',
      aspect_ratio: '16:9',
      num_outputs: 2,
      num_inference_steps: 4,
      seed: 4294967295,
      output_quality: 80,
      disable_safety_checker: false,
      megapixels: '0.25',
    },
    apiOrigin: 'https://api.1min.ai',
    phase: 'done',
    recordId: 'rec-42_x',
    results: [],
  };
}

export function sampleRecipe(sourceName?: string): Recipe {
  return recipeOf(sampleRecord(sourceName), { toolVersion: '0.1.0', sourceSha256: SOURCE_SHA256 });
}

/** What ExifTool must read back for the sample recipe, as `XMP-fluxRedux:<name>` → text. */
export function expectedProperties(recipe: Recipe): Record<string, string> {
  const properties: Record<string, string> = {
    Tool: 'Flux Redux Variations',
    ToolVersion: recipe.toolVersion,
    Model: recipe.model,
    AspectRatio: recipe.options.aspect_ratio,
    NumOutputs: String(recipe.options.num_outputs),
    Format: recipe.options.format,
    Megapixels: recipe.options.megapixels,
    NumInferenceSteps: String(recipe.options.num_inference_steps),
    OutputQuality: String(recipe.options.output_quality),
    Seed: String(recipe.options.seed),
    DisableSafetyChecker: recipe.options.disable_safety_checker ? 'True' : 'False',
    SourceName: recipe.sourceName,
    GenerationId: recipe.generationId,
    CreatedAt: recipe.createdAt,
  };
  if (recipe.sourceSha256) {
    properties.SourceSHA256 = recipe.sourceSha256;
  }
  if (recipe.recordId) {
    properties.RecordId = recipe.recordId;
  }
  return properties;
}
