import { ascii, readUint32BE } from '../shared/bytes';
import type { StrippedImage } from './strippedImage';

const SIGNATURE_LENGTH = 8;

/**
 * Ancillary chunks that change how the pixels look or animate. Every other ancillary chunk goes:
 * eXIf, tEXt, zTXt and iTXt (where XMP lives), tIME, and private chunks (C2PA manifests and the
 * like) that may name people or places. Critical chunks (IHDR, PLTE, IDAT, IEND) always stay.
 */
const KEPT_ANCILLARY = new Set([
  'iCCP', 'sRGB', 'gAMA', 'cHRM', 'cICP', 'mDCV', 'cLLI', 'sBIT',
  'tRNS', 'bKGD', 'pHYs', 'hIST', 'sPLT',
  'acTL', 'fcTL', 'fdAT',
]);

/** Copies the chunks to keep verbatim (their CRCs stay valid), ending at IEND. */
export function stripPngMetadata(bytes: Uint8Array): StrippedImage {
  const kept: Array<[number, number]> = [[0, SIGNATURE_LENGTH]];
  let removed = false;
  let offset = SIGNATURE_LENGTH;
  while (offset + 12 <= bytes.length) {
    const type = ascii(bytes, offset + 4, 4);
    const end = offset + 12 + readUint32BE(bytes, offset);
    if (end > bytes.length) {
      return { bytes, removed: false }; // cut off: isCompleteImage refuses such files first
    }
    if (isCritical(type) || KEPT_ANCILLARY.has(type)) {
      kept.push([offset, end]);
    } else {
      removed = true;
    }
    if (type === 'IEND') {
      removed ||= end < bytes.length;
      return removed ? { bytes: gather(bytes, kept), removed } : { bytes, removed };
    }
    offset = end;
  }
  return { bytes, removed: false };
}

function isCritical(type: string): boolean {
  const first = type.charCodeAt(0);
  return first >= 0x41 && first <= 0x5a; // upper-case first letter
}

function gather(bytes: Uint8Array, ranges: ReadonlyArray<[number, number]>): Uint8Array {
  const out = new Uint8Array(ranges.reduce((sum, [start, end]) => sum + end - start, 0));
  let at = 0;
  for (const [start, end] of ranges) {
    out.set(bytes.subarray(start, end), at);
    at += end - start;
  }
  return out;
}
