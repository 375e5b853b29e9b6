import { createRequire } from 'node:module';
import * as path from 'node:path';
import { loadVips, type Vips } from '../../../src/imaging/loadVips';
import type { Raster } from './pattern';

/** The formats the emulator writes, by their file-type names rather than the request's `jpg`. */
export type EncodedFormat = 'png' | 'jpeg' | 'webp';

let loading: Promise<Vips> | undefined;

/**
 * One libvips per process, the library the extension itself uses (from node_modules, without the
 * AVIF/HEIF side module: the emulator only writes PNG, JPEG and WebP). Starting it takes about a
 * tenth of a second, once.
 */
function emulatorVips(): Promise<Vips> {
  loading ??= loadVips(path.dirname(createRequire(__filename).resolve('wasm-vips')), false).catch((error: unknown) => {
    loading = undefined; // a later call may try again
    throw error;
  });
  return loading;
}

/**
 * Encodes an opaque raster. PNG and WebP are lossless (the flat patterns stay tiny and fast to
 * download; clients only read the bytes), JPEG uses the request's quality. No metadata is written.
 */
export async function encodeRaster(raster: Raster, format: EncodedFormat, quality: number): Promise<Buffer> {
  const vips = await emulatorVips();
  const made: Array<{ delete(): void }> = [];
  const own = <T extends { delete(): void }>(object: T): T => {
    made.push(object);
    return object;
  };
  try {
    const rgba = own(vips.Image.newFromMemory(raster.rgba, raster.width, raster.height, 4, vips.BandFormat.uchar));
    // The rasters are opaque: an alpha band would only add bytes.
    const rgb = own(own(rgba.extractBand(0, { n: 3 })).copy({ interpretation: vips.Interpretation.srgb }));
    switch (format) {
      case 'png':
        return Buffer.from(rgb.pngsaveBuffer({ keep: vips.ForeignKeep.none }));
      case 'jpeg':
        return Buffer.from(rgb.jpegsaveBuffer({ Q: quality, keep: vips.ForeignKeep.none }));
      case 'webp':
        return Buffer.from(rgb.webpsaveBuffer({ lossless: true, keep: vips.ForeignKeep.none }));
    }
  } finally {
    made.forEach((object) => object.delete());
  }
}
