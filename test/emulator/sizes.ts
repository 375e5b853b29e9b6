/**
 * Output sizes as the model's host computes them.
 *
 * Source: replicate/cog-flux, predict.py (HEAD 51e81e0 "remove imports from init"): the table
 * `ASPECT_RATIOS` and `size_from_aspect_megapixels`, which the Redux predictors
 * (`DevReduxPredictor`, `SchnellReduxPredictor`) call. For megapixels "0.25" both sides are
 * halved with integer division (`width // 2, height // 2`); every entry is even, so that is exact.
 */
export const ASPECT_RATIO_SIZES: Readonly<Record<string, readonly [number, number]>> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '21:9': [1536, 640],
  '3:2': [1216, 832],
  '2:3': [832, 1216],
  '4:5': [896, 1088],
  '5:4': [1088, 896],
  '3:4': [896, 1152],
  '4:3': [1152, 896],
  '9:16': [768, 1344],
  '9:21': [640, 1536],
};

export const EMULATED_ASPECT_RATIOS = Object.keys(ASPECT_RATIO_SIZES);

export function outputSize(aspectRatio: string, megapixels: string): { width: number; height: number } {
  const entry = ASPECT_RATIO_SIZES[aspectRatio];
  if (!entry) {
    throw new Error(`No size for aspect ratio ${aspectRatio}`);
  }
  const [width, height] = entry;
  return megapixels === '0.25'
    ? { width: Math.floor(width / 2), height: Math.floor(height / 2) }
    : { width, height };
}
