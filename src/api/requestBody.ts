/**
 * What the paid features call sends: the JSON body of an IMAGE_VARIATOR request. The reading of
 * the answers is beside it, in responses.ts.
 */
import type { ModelId, VariationOptions } from '../options/types';

/**
 * How the paid call waits for its images: `async` sends `"async": true` and polls the record;
 * `sync` holds the connection until the images exist (the API's own default).
 */
export const GENERATION_MODES = ['async', 'sync'] as const;
export type GenerationMode = (typeof GENERATION_MODES)[number];

export interface GenerationRequest {
  model: ModelId;
  /** The asset path the upload answered with. */
  imageUrl: string;
  options: VariationOptions;
}

/**
 * `asynchronous` adds the documented `"async": true` beside `type`: the server then answers at
 * once with a PROCESSING record to poll (see resultPolling.ts) instead of holding the connection.
 */
export function variationRequestBody(req: GenerationRequest, opts: { asynchronous?: boolean } = {}): string {
  return JSON.stringify({
    type: 'IMAGE_VARIATOR',
    model: req.model,
    promptObject: { imageUrl: req.imageUrl, ...pickPromptOptions(req.options) },
    ...(opts.asynchronous ? { async: true } : {}),
  });
}

/** Only the fields the API knows: a stray property in the options object is not sent. */
export function pickPromptOptions(options: VariationOptions): VariationOptions {
  return {
    format: options.format,
    aspect_ratio: options.aspect_ratio,
    num_outputs: options.num_outputs,
    num_inference_steps: options.num_inference_steps,
    seed: options.seed,
    output_quality: options.output_quality,
    disable_safety_checker: options.disable_safety_checker,
    megapixels: options.megapixels,
  };
}
