import { ascii, readUint32LE, writeUint32LE } from '../shared/bytes';
import type { StrippedImage } from './strippedImage';

const RIFF_HEADER = 12;
const VP8X_FLAG_EXIF = 0x08;
const VP8X_FLAG_XMP = 0x04;

/**
 * Drops the EXIF and XMP chunks of an extended (VP8X) WebP and clears their flags in the VP8X
 * header; simple WebP files (a lone VP8 or VP8L chunk) cannot carry metadata. Image, alpha,
 * animation and ICC chunks are copied as they are.
 */
export function stripWebpMetadata(bytes: Uint8Array): StrippedImage {
  if (ascii(bytes, 12, 4) !== 'VP8X') {
    return { bytes, removed: false };
  }
  const riffEnd = Math.min(bytes.length, 8 + readUint32LE(bytes, 4));
  const chunks: Uint8Array[] = [];
  let removed = false;
  let offset = RIFF_HEADER;
  while (offset + 8 <= riffEnd) {
    const type = ascii(bytes, offset, 4);
    const size = readUint32LE(bytes, offset + 4);
    const end = offset + 8 + size + (size % 2); // chunks are padded to an even length
    if (end > riffEnd + (size % 2)) {
      return { bytes, removed: false };
    }
    if (type === 'EXIF' || type === 'XMP ') {
      removed = true;
    } else {
      chunks.push(bytes.slice(offset, Math.min(end, bytes.length)));
    }
    offset = end;
  }
  if (!removed) {
    return { bytes, removed: false };
  }
  const vp8x = chunks[0];
  vp8x[8] &= ~(VP8X_FLAG_EXIF | VP8X_FLAG_XMP);
  const bodyLength = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(RIFF_HEADER + bodyLength);
  out.set(bytes.subarray(0, RIFF_HEADER));
  writeUint32LE(out, 4, 4 + bodyLength);
  let at = RIFF_HEADER;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return { bytes: out, removed: true };
}
