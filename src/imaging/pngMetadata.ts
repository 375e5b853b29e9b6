import * as zlib from 'node:zlib';
import { ascii, readUint32BE } from '../shared/bytes';
import { describeName, stripResult, unparsable, type StripResult } from './stripResult';

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

/**
 * Copies the chunks to keep verbatim (their CRCs stay valid), ending at IEND. A chunk length that
 * is wrong would make the rest of the file read as other chunks, so every kept chunk's CRC must
 * match and every chunk name must be letters; otherwise the file is "unparsable".
 */
export function stripPngMetadata(bytes: Uint8Array): StripResult {
  const kept: Array<[number, number]> = [[0, SIGNATURE_LENGTH]];
  const removed = new Set<string>();
  let offset = SIGNATURE_LENGTH;
  while (offset + 12 <= bytes.length) {
    const type = ascii(bytes, offset + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) {
      return unparsable(`${describeName(type)} at offset ${offset + 4} is not a chunk name`);
    }
    const end = offset + 12 + readUint32BE(bytes, offset);
    if (end > bytes.length) {
      return unparsable(`the ${type} chunk at offset ${offset} runs past the end of the file`);
    }
    if (isCritical(type) || KEPT_ANCILLARY.has(type)) {
      if (zlib.crc32(bytes.subarray(offset + 4, end - 4)) !== readUint32BE(bytes, end - 4)) {
        return unparsable(`the CRC of the ${type} chunk at offset ${offset} does not match its contents`);
      }
      kept.push([offset, end]);
    } else {
      removed.add(type);
    }
    if (type === 'IEND') {
      if (end < bytes.length) {
        removed.add('data after IEND');
      }
      return stripResult(bytes, removed, () => gather(bytes, kept));
    }
    offset = end;
  }
  return unparsable('no IEND chunk');
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
