import type { Vips } from './loadVips';
import { transcodeWithVips } from './vipsTranscode';

/** Big enough that libvips spreads the work over its threads, small enough to take little time. */
const WARM_UP_WIDTH = 640;
const WARM_UP_HEIGHT = 480;

/**
 * Runs the paths a real job takes (PNG and JPEG decoding, shrink-on-load, Lanczos resizing, PNG
 * and JPEG encoding) on a small made-up photo, so that libvips' thread pool is running and the
 * wasm code is compiled before the user's image arrives. The results are thrown away.
 */
export function warmUpVips(vips: Vips): void {
  const photo = madeUpPhoto(vips);
  const png = photo.pngsaveBuffer({ compression: 1, keep: 0 });
  const jpeg = photo.jpegsaveBuffer({ Q: 92, keep: 0 });
  const common = { allowShrink: false, keepMetadata: false } as const;
  // The lossless attempt cannot fit in a tenth of the source, so this also takes the lossy path.
  transcodeWithVips(vips, { ...common, bytes: png, source: 'png', maxLongSide: 600, targetBytes: png.byteLength / 10, preferLossless: true });
  transcodeWithVips(vips, { ...common, bytes: jpeg, source: 'jpeg', maxLongSide: 300, targetBytes: jpeg.byteLength, preferLossless: false });
}

/** Smooth gradients with grain: compresses like a photo, not like a flat drawing. */
function madeUpPhoto(vips: Vips) {
  const xy = vips.Image.xyz(WARM_UP_WIDTH, WARM_UP_HEIGHT);
  const grain = vips.Image.gaussnoise(WARM_UP_WIDTH, WARM_UP_HEIGHT, { mean: 0, sigma: 12 });
  const red = xy.extractBand(0).linear(255 / WARM_UP_WIDTH, 0).add(grain);
  const green = xy.extractBand(1).linear(255 / WARM_UP_HEIGHT, 0).add(grain);
  const blue = red.linear(0.5, 64);
  return red.bandjoin([green, blue]).cast('uchar').copy({ interpretation: 'srgb' });
}
