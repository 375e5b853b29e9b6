import { ascii, readUint32LE, writeUint32LE } from '../shared/bytes';
import { describeName, stripResult, unparsable, type StripResult } from './stripResult';

const RIFF_HEADER = 12;
const VP8X_FLAG_EXIF = 0x08;
const VP8X_FLAG_XMP = 0x04;

/** What an extended WebP needs to show its pixels; EXIF, XMP and unknown chunks go. */
const KEPT_EXTENDED = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
const IMAGE_DATA = new Set(['VP8 ', 'VP8L', 'ANMF']);

/**
 * Drops the EXIF, XMP and unknown chunks of an extended (VP8X) WebP and clears the EXIF and XMP
 * flags in its VP8X header; a simple WebP is its one VP8 or VP8L chunk, and anything after that
 * chunk goes. Image, alpha, animation and ICC chunks are copied as they are. A chunk whose size
 * runs past the RIFF data or whose name is not a FourCC means the chunk list cannot be followed
 * (metadata could hide behind it): "unparsable".
 */
export function stripWebpMetadata(bytes: Uint8Array): StripResult {
  const riffEnd = 8 + readUint32LE(bytes, 4);
  if (riffEnd > bytes.length || riffEnd < RIFF_HEADER) {
    return unparsable(`the RIFF header states ${riffEnd} bytes and the file holds ${bytes.length}`);
  }
  const extended = ascii(bytes, RIFF_HEADER, 4) === 'VP8X';
  const chunks: Uint8Array[] = [];
  const removed = new Set<string>();
  let hasImageData = false;
  let offset = RIFF_HEADER;
  while (offset < riffEnd) {
    if (offset + 8 > riffEnd) {
      return unparsable(`the RIFF data ends inside a chunk header at offset ${offset}`);
    }
    const type = ascii(bytes, offset, 4);
    if (!/^[A-Za-z0-9 ]{4}$/.test(type)) {
      return unparsable(`${describeName(type)} at offset ${offset} is not a chunk name`);
    }
    const size = readUint32LE(bytes, offset + 4);
    const dataEnd = offset + 8 + size;
    if (dataEnd > riffEnd) {
      return unparsable(`the ${describeName(type)} chunk at offset ${offset} states ${size} bytes, past the end of the RIFF data`);
    }
    const end = Math.min(dataEnd + (size % 2), riffEnd); // padded to an even length; a last pad byte may be missing
    const keep = extended ? KEPT_EXTENDED.has(type) : offset === RIFF_HEADER && (type === 'VP8 ' || type === 'VP8L');
    if (keep) {
      chunks.push(bytes.subarray(offset, end));
      hasImageData ||= IMAGE_DATA.has(type);
    } else {
      removed.add(type === 'XMP ' ? 'XMP' : type.trim());
    }
    offset = end;
  }
  if (!hasImageData) {
    return unparsable('no image data chunk');
  }
  if (hasTrailingData(bytes, riffEnd)) {
    removed.add('data after the RIFF data');
  }
  return stripResult(bytes, removed, () => rebuild(bytes, chunks, extended));
}

function rebuild(bytes: Uint8Array, chunks: readonly Uint8Array[], extended: boolean): Uint8Array {
  const bodyLength = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(RIFF_HEADER + bodyLength);
  out.set(bytes.subarray(0, RIFF_HEADER));
  writeUint32LE(out, 4, 4 + bodyLength);
  let at = RIFF_HEADER;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  if (extended) {
    out[RIFF_HEADER + 8] &= ~(VP8X_FLAG_EXIF | VP8X_FLAG_XMP);
  }
  return out;
}

/** A writer may pad the file with zeros; anything else after the RIFF data goes. */
function hasTrailingData(bytes: Uint8Array, from: number): boolean {
  for (let offset = from; offset < bytes.length; offset++) {
    if (bytes[offset] !== 0) {
      return true;
    }
  }
  return false;
}
