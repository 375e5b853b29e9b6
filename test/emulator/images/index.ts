import { emulatorMark } from './emulatorMark';
import { renderPattern, type PatternInput } from './pattern';
import { outputKey } from './prng';
import { decodeSource } from './sourceCache';
import { renderVariation } from './variation';
import { emulatorVips, encodeImage, type VipsImage } from './vipsEncode';

/** The request's `format` values; `jpg` is encoded as JPEG. */
export type RequestedFormat = 'webp' | 'jpg' | 'png';

export interface RenderedImage {
  bytes: Buffer;
  contentType: 'image/webp' | 'image/jpeg' | 'image/png';
}

/**
 * One output: a variation of the uploaded image (see variation.ts) at the size the model would
 * make, marked in a corner as the emulator's. Uploads libvips cannot decode get the old flat
 * pattern instead (pattern.ts), so tests that upload arbitrary bytes still get an image.
 */
export async function renderResultImage(input: PatternInput & { format: RequestedFormat; quality: number }): Promise<RenderedImage> {
  const vips = await emulatorVips();
  const made: Array<{ delete(): void }> = [];
  const own = <T extends { delete(): void }>(object: T): T => {
    made.push(object);
    return object;
  };
  try {
    const { width, height } = input;
    const decoded = decodeSource(vips, input.source);
    let image: VipsImage;
    if (decoded) {
      const source = own(vips.Image.newFromMemory(decoded.rgb, decoded.width, decoded.height, 3, vips.BandFormat.uchar));
      image = renderVariation(vips, source, { key: outputKey(input.source, input.seed, input.index), width, height }, own);
    } else {
      const raster = renderPattern(input);
      image = own(own(vips.Image.newFromMemory(raster.rgba, width, height, 4, vips.BandFormat.uchar)).extractBand(0, { n: 3 }));
    }
    const mark = emulatorMark(width, height);
    image = own(image.insert(own(vips.Image.newFromMemory(mark.rgb, mark.width, mark.height, 3, vips.BandFormat.uchar)), mark.left, mark.top));
    image = own(image.copy({ interpretation: vips.Interpretation.srgb }));
    switch (input.format) {
      case 'png':
        return { bytes: encodeImage(vips, image, 'png', input.quality), contentType: 'image/png' };
      case 'jpg':
        return { bytes: encodeImage(vips, image, 'jpeg', input.quality), contentType: 'image/jpeg' };
      case 'webp':
        return { bytes: encodeImage(vips, image, 'webp', input.quality), contentType: 'image/webp' };
    }
  } finally {
    made.forEach((object) => object.delete());
  }
}
