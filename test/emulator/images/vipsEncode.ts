import { createRequire } from 'node:module';
import * as path from 'node:path';
import { loadVips, type Vips } from '../../../src/imaging/loadVips';

export type VipsImage = InstanceType<Vips['Image']>;

/** The formats the emulator writes, by their file-type names rather than the request's `jpg`. */
export type EncodedFormat = 'png' | 'jpeg' | 'webp';

let loading: Promise<Vips> | undefined;

/**
 * One libvips per process, the library the extension itself uses (from node_modules, without the
 * AVIF/HEIF side module: the emulator only writes PNG, JPEG and WebP). Starting it takes about a
 * tenth of a second, once. One thread per operation: the emulator shares two cores with VS Code
 * during the benchmark, and a thread pool would only make them fight.
 */
export function emulatorVips(): Promise<Vips> {
  loading ??= loadVips(path.dirname(createRequire(__filename).resolve('wasm-vips')), false).then(
    (vips) => {
      vips.concurrency(1);
      return vips;
    },
    (error: unknown) => {
      loading = undefined; // a later call may try again
      throw error;
    },
  );
  return loading;
}

/**
 * Encodes an opaque sRGB image. JPEG and WebP are lossy at the request's quality, as the model's
 * are. WebP at the lowest effort and PNG at light compression: clients only read the bytes, and
 * the default levels cost several times as long on photo-like pictures. No metadata is written.
 */
export function encodeImage(vips: Vips, image: VipsImage, format: EncodedFormat, quality: number): Buffer {
  switch (format) {
    case 'png':
      return Buffer.from(image.pngsaveBuffer({ compression: 1, keep: vips.ForeignKeep.none }));
    case 'jpeg':
      return Buffer.from(image.jpegsaveBuffer({ Q: quality, keep: vips.ForeignKeep.none }));
    case 'webp':
      return Buffer.from(image.webpsaveBuffer({ Q: quality, effort: 0, keep: vips.ForeignKeep.none }));
  }
}
