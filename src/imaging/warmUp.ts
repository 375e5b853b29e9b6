import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Vips } from './loadVips';
import { transcodeWithVips } from './vipsTranscode';

/**
 * Large enough that the first real job afterwards runs about as fast as later ones (measured:
 * smaller made-up photos left the first 1600×1200 PNG 100–300 ms slower), small enough to take
 * about a second on a busy 2-core machine.
 */
const WARM_UP_WIDTH = 1024;
const WARM_UP_HEIGHT = 768;

/**
 * Runs the paths a real job takes (PNG and JPEG decoding, shrink-on-load, Lanczos resizing, PNG
 * and JPEG encoding) on a made-up photo, so that libvips' threads are running and the wasm code
 * is compiled before the user's image arrives. Between steps it gives way, and stops as soon as
 * `jobWaiting()` says a real job has arrived: that job is better served now than after the rest.
 */
export async function warmUpVips(vips: Vips, jobWaiting: () => boolean): Promise<void> {
  const common = { allowShrink: false, keepMetadata: false } as const;
  let png: Uint8Array = new Uint8Array();
  let jpeg: Uint8Array = new Uint8Array();
  const steps = [
    () => {
      const photo = madeUpPhoto(vips);
      try {
        png = photo.pngsaveBuffer({ compression: 6, keep: 0 });
        jpeg = photo.jpegsaveBuffer({ Q: 92, keep: 0 });
      } finally {
        photo.delete();
      }
    },
    // A tenth of the source is too small for the lossless attempt, so the lossy path runs too.
    () => transcodeWithVips(vips, { ...common, bytes: png, source: 'png', maxLongSide: 960, targetBytes: png.byteLength / 10, preferLossless: true }),
    // Less than half the size: decoded at half scale, then resized.
    () => transcodeWithVips(vips, { ...common, bytes: jpeg, source: 'jpeg', maxLongSide: 480, targetBytes: jpeg.byteLength, preferLossless: false }),
  ];
  for (const step of steps) {
    if (jobWaiting()) {
      return;
    }
    step();
    await nextTurn(); // lets a job's message in
  }
}

/** Smooth gradients with grain: compresses like a photo, not like a flat drawing. */
function madeUpPhoto(vips: Vips) {
  const made: Array<{ delete(): void }> = [];
  const own = <T extends { delete(): void }>(object: T): T => {
    made.push(object);
    return object;
  };
  try {
    const xy = own(vips.Image.xyz(WARM_UP_WIDTH, WARM_UP_HEIGHT));
    const grain = own(vips.Image.gaussnoise(WARM_UP_WIDTH, WARM_UP_HEIGHT, { mean: 0, sigma: 12 }));
    const red = own(own(own(xy.extractBand(0)).linear(255 / WARM_UP_WIDTH, 0)).add(grain));
    const green = own(own(own(xy.extractBand(1)).linear(255 / WARM_UP_HEIGHT, 0)).add(grain));
    const blue = own(red.linear(0.5, 64));
    const joined = own(own(red.bandjoin([green, blue])).cast('uchar'));
    return joined.copy({ interpretation: 'srgb' }).copyMemory();
  } finally {
    made.forEach((object) => object.delete());
  }
}
