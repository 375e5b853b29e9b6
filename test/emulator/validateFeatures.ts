import { EMULATED_ASPECT_RATIOS } from './sizes';
import type { RequestedFormat } from './images';

export const IMAGE_VARIATOR = 'IMAGE_VARIATOR';
export const EMULATED_MODELS = ['black-forest-labs/flux-redux-dev', 'black-forest-labs/flux-redux-schnell'];
const FORMATS: readonly string[] = ['webp', 'jpg', 'png'];
const MEGAPIXELS: readonly string[] = ['1', '0.25'];
const KNOWN_FIELDS = [
  'imageUrl', 'format', 'aspect_ratio', 'num_outputs', 'num_inference_steps', 'seed',
  'output_quality', 'disable_safety_checker', 'megapixels',
];

/** A generation the emulator will run, with the product page's defaults filled in. */
export interface VariationRequest {
  model: string;
  imageUrl: string;
  format: RequestedFormat;
  aspectRatio: string;
  numOutputs: number;
  steps: number;
  seed?: number;
  quality: number;
  megapixels: string;
  promptObject: Record<string, unknown>;
}

export interface Refusal {
  status: number;
  errorCode: string;
  message: string;
}

export type Checked = { ok: true; request: VariationRequest } | { ok: false; refusal: Refusal };

function refuse(message: string, errorCode = 'BAD_REQUEST', status = 400): Checked {
  return { ok: false, refusal: { status, errorCode, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * The checks 1min.ai makes before spending credits, as far as they are known (see
 * shared/reference/1min-api-notes.md). Unknown promptObject fields are refused: the real API's
 * behaviour there is not documented, and refusing catches `output_format`-style naming slips.
 * `isKnownAsset` tells whether this emulator issued the imageUrl (and has not forgotten it).
 */
export function checkFeaturesBody(body: unknown, isKnownAsset: (path: string) => boolean): Checked {
  if (!isRecord(body)) {
    return refuse('Request body must be a JSON object');
  }
  if (body.type !== IMAGE_VARIATOR) {
    return refuse(`Feature type ${JSON.stringify(body.type)} is not supported`, 'UNSUPPORTED_FEATURE');
  }
  if (typeof body.model !== 'string' || !EMULATED_MODELS.includes(body.model)) {
    return refuse(`Model ${JSON.stringify(body.model)} is not supported for ${IMAGE_VARIATOR}`, 'UNSUPPORTED_MODEL');
  }
  const prompt = body.promptObject;
  if (!isRecord(prompt)) {
    return refuse('promptObject is required');
  }
  const unknown = Object.keys(prompt).filter((key) => !KNOWN_FIELDS.includes(key));
  if (unknown.length > 0) {
    return refuse(`promptObject has unknown field(s): ${unknown.join(', ')}`);
  }
  if (typeof prompt.imageUrl !== 'string' || prompt.imageUrl === '') {
    return refuse('imageUrl is required');
  }
  if (prompt.format !== undefined && !FORMATS.includes(prompt.format as string)) {
    return refuse(`format must be one of ${FORMATS.join(', ')}`);
  }
  if (prompt.aspect_ratio !== undefined && !EMULATED_ASPECT_RATIOS.includes(prompt.aspect_ratio as string)) {
    return refuse(`aspect_ratio must be one of ${EMULATED_ASPECT_RATIOS.join(', ')}`);
  }
  if (prompt.num_outputs !== undefined && !integerIn(prompt.num_outputs, 1, 4)) {
    return refuse('num_outputs must be an integer from 1 to 4');
  }
  if (prompt.num_inference_steps !== undefined && !integerIn(prompt.num_inference_steps, 1, 50)) {
    return refuse('num_inference_steps must be an integer from 1 to 50');
  }
  if (prompt.output_quality !== undefined && !integerIn(prompt.output_quality, 1, 100)) {
    return refuse('output_quality must be an integer from 1 to 100');
  }
  if (prompt.seed !== undefined && prompt.seed !== null && !integerIn(prompt.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) {
    return refuse('seed must be an integer');
  }
  if (prompt.megapixels !== undefined && !(typeof prompt.megapixels === 'string' && MEGAPIXELS.includes(prompt.megapixels))) {
    return refuse('megapixels must be the string "1" or "0.25"');
  }
  if (prompt.disable_safety_checker !== undefined && typeof prompt.disable_safety_checker !== 'boolean') {
    return refuse('disable_safety_checker must be a boolean');
  }
  // Checked last, as a server would look the asset up only once the request is well formed.
  if (!isKnownAsset(prompt.imageUrl)) {
    return refuse(`Asset not found: the image ${prompt.imageUrl} is unknown`, 'ASSET_NOT_FOUND');
  }
  const schnell = body.model.endsWith('-schnell');
  return {
    ok: true,
    request: {
      model: body.model,
      imageUrl: prompt.imageUrl,
      format: (prompt.format as RequestedFormat | undefined) ?? 'webp',
      aspectRatio: (prompt.aspect_ratio as string | undefined) ?? '4:3',
      numOutputs: (prompt.num_outputs as number | undefined) ?? 1,
      steps: (prompt.num_inference_steps as number | undefined) ?? (schnell ? 4 : 28),
      seed: typeof prompt.seed === 'number' ? prompt.seed : undefined,
      quality: (prompt.output_quality as number | undefined) ?? 80,
      megapixels: prompt.megapixels ?? '1',
      promptObject: prompt,
    },
  };
}
