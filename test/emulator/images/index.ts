import { renderPattern, type PatternInput } from './pattern';
import { encodeRaster } from './vipsEncode';

/** The request's `format` values; `jpg` is encoded as JPEG. */
export type RequestedFormat = 'webp' | 'jpg' | 'png';

export interface RenderedImage {
  bytes: Buffer;
  contentType: 'image/webp' | 'image/jpeg' | 'image/png';
}

export async function renderResultImage(input: PatternInput & { format: RequestedFormat; quality: number }): Promise<RenderedImage> {
  const raster = renderPattern(input);
  switch (input.format) {
    case 'png':
      return { bytes: await encodeRaster(raster, 'png', input.quality), contentType: 'image/png' };
    case 'jpg':
      return { bytes: await encodeRaster(raster, 'jpeg', input.quality), contentType: 'image/jpeg' };
    case 'webp':
      // Lossless whatever the quality: the real model's WebP is lossy, but clients only read the bytes.
      return { bytes: await encodeRaster(raster, 'webp', input.quality), contentType: 'image/webp' };
  }
}
