/**
 * The variation options in the API's own field names (the `promptObject` of the product page,
 * minus `imageUrl`, which the client fills in after the upload).
 */
export const MODELS = ['black-forest-labs/flux-redux-dev', 'black-forest-labs/flux-redux-schnell'] as const;
export type ModelId = (typeof MODELS)[number];

export const FORMATS = ['webp', 'jpg', 'png'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const MEGAPIXELS = ['1', '0.25'] as const;
export type Megapixels = (typeof MEGAPIXELS)[number];

export const ASPECT_RATIOS = [
  '1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21',
] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export interface VariationOptions {
  format: OutputFormat;
  aspect_ratio: AspectRatio;
  num_outputs: number;          // 1–4
  num_inference_steps: number;  // 1–50
  seed: number;                 // 0 … 2^32−1, always drawn by us when random
  output_quality: number;       // 1–100 (ignored by the server for png)
  disable_safety_checker: boolean;
  megapixels: Megapixels;
}

export const MAX_SEED = 2 ** 32 - 1;
