import { encode } from 'jpeg-js';
import type { Raster } from './pattern';

/** Baseline JPEG through jpeg-js (pure JS, so the emulator needs no native codec). */
export function encodeJpeg(raster: Raster, quality: number): Buffer {
  const encoded = encode({ data: raster.rgba, width: raster.width, height: raster.height }, quality);
  return Buffer.from(encoded.data);
}
