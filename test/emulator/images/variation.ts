import type { Vips } from '../../../src/imaging/loadVips';
import { prng } from './prng';
import type { VipsImage } from './vipsEncode';

export interface VariationInput {
  /** Mixed from the source's digest, the seed and the output index: one number decides every pick. */
  key: number;
  width: number;
  height: number;
}

/** The picks that make one variation; exported so a test can see that seeds really differ. */
export interface VariationPlan {
  /** 1 = the largest crop of the output's shape; up to 1.4 = a closer look. */
  zoom: number;
  /** Where the crop sits in the slack left around it, 0..1 on each axis. */
  panX: number;
  panY: number;
  mirror: boolean;
  /** Hue rotation in degrees. */
  hueDegrees: number;
  saturation: number;
  contrast: number;
  brightness: number;
  /** Gaussian sigma at working size: from barely soft to dreamy. */
  blurSigma: number;
}

export function planVariation(key: number): VariationPlan {
  const random = prng(key);
  const between = (low: number, high: number): number => low + (high - low) * random();
  return {
    zoom: between(1, 1.4),
    panX: random(),
    panY: random(),
    mirror: random() < 0.5,
    hueDegrees: between(-70, 70),
    saturation: between(0.7, 1.35),
    contrast: between(0.85, 1.2),
    brightness: between(-22, 22),
    blurSigma: between(0.4, 1.6),
  };
}

/**
 * Work happens at half the output's size and is enlarged at the end: a quarter of the pixels to
 * push through the colour and blur steps, and the enlargement itself adds to the softness.
 */
const WORK_SCALE = 0.5;

/**
 * A variation of the uploaded image as the model might make one at this size: a crop of the
 * output's shape (zoomed and panned), maybe mirrored, with hue, saturation and tone shifted and a
 * soft blur. The source arrives already decoded and shrunk (see sourceCache.ts).
 */
export function renderVariation(vips: Vips, decoded: VipsImage, input: VariationInput, own: <T extends { delete(): void }>(object: T) => T): VipsImage {
  const plan = planVariation(input.key);
  const workWidth = Math.max(8, Math.round(input.width * WORK_SCALE));
  const workHeight = Math.max(8, Math.round(input.height * WORK_SCALE));

  // The largest rectangle of the output's shape inside the source, shrunk by the zoom.
  const targetAspect = workWidth / workHeight;
  const fullWidth = Math.min(decoded.width, decoded.height * targetAspect);
  // Clamped so that a source of a pixel or two still gives a crop inside it.
  const cropWidth = Math.min(decoded.width, Math.max(1, Math.floor(fullWidth / plan.zoom)));
  const cropHeight = Math.min(decoded.height, Math.max(1, Math.round(cropWidth / targetAspect)));
  const left = Math.floor((decoded.width - cropWidth) * plan.panX);
  const top = Math.floor((decoded.height - cropHeight) * plan.panY);
  let image = own(decoded.extractArea(left, top, cropWidth, cropHeight));
  if (plan.mirror) {
    image = own(image.flip(vips.Direction.horizontal));
  }
  image = own(image.resize(workWidth / image.width, { vscale: workHeight / image.height, kernel: vips.Kernel.linear }));

  // Hue rotation and saturation as one 3 × 3 matrix about the luma axis, then contrast about the
  // middle grey and a brightness offset: cheaper than a round trip through LCh, and as telling.
  image = own(image.recomb(own(vips.Image.newMatrix(3, 3, colourMatrix(plan.hueDegrees, plan.saturation).flat()))));
  image = own(image.linear([plan.contrast], [128 * (1 - plan.contrast) + plan.brightness]));
  image = own(image.gaussblur(plan.blurSigma));
  image = own(image.cast(vips.BandFormat.uchar));
  image = own(image.resize(input.width / image.width, { vscale: input.height / image.height, kernel: vips.Kernel.linear }));
  return image;
}

/**
 * Rotates colours about the grey axis by `degrees` and scales their distance from it by
 * `saturation`, keeping luma: the matrix of CSS's hue-rotate() (Rec. 709 weights) with its chroma
 * part scaled.
 */
export function colourMatrix(degrees: number, saturation: number): number[][] {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians) * saturation;
  const sin = Math.sin(radians) * saturation;
  const luma = [0.213, 0.715, 0.072];
  const sineTerms = [
    [-0.213, -0.715, 0.928],
    [0.143, 0.14, -0.283],
    [-0.787, 0.715, 0.072],
  ];
  return [0, 1, 2].map((row) =>
    [0, 1, 2].map((column) => luma[column] + cos * ((row === column ? 1 : 0) - luma[column]) + sin * sineTerms[row][column]),
  );
}
