import { encodeJpeg } from './jpeg';
import { renderPattern, type PatternInput } from './pattern';
import { encodePng } from './png';
import { encodeWebpLossless } from './webp';

/** The request's `format` values; `jpg` is encoded as JPEG. */
export type RequestedFormat = 'webp' | 'jpg' | 'png';

export interface RenderedImage {
  bytes: Buffer;
  contentType: 'image/webp' | 'image/jpeg' | 'image/png';
}

export function renderResultImage(input: PatternInput & { format: RequestedFormat; quality: number }): RenderedImage {
  const raster = renderPattern(input);
  switch (input.format) {
    case 'png':
      return { bytes: encodePng(raster), contentType: 'image/png' };
    case 'jpg':
      return { bytes: encodeJpeg(raster, input.quality), contentType: 'image/jpeg' };
    case 'webp':
      // Lossless whatever the quality: the real model's WebP is lossy, but clients only read the bytes.
      return { bytes: encodeWebpLossless(raster), contentType: 'image/webp' };
  }
}
