/**
 * What the paid features call sends: the JSON body of an IMAGE_VARIATOR request. The reading of
 * the answers is beside it, in responses.ts.
 */
import type { ModelId, VariationOptions } from '../options/types';

export interface GenerationRequest {
  model: ModelId;
  /** The asset path the upload answered with. */
  imageUrl: string;
  options: VariationOptions;
}

export function variationRequestBody(req: GenerationRequest): string {
  return JSON.stringify({
    type: 'IMAGE_VARIATOR',
    model: req.model,
    promptObject: { imageUrl: req.imageUrl, ...pickPromptOptions(req.options) },
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
