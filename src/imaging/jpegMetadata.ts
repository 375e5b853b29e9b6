import { ascii, concatBytes, readUint16BE } from '../shared/bytes';
import { orientationOnlyExif, readExifOrientation } from './exifOrientation';
import type { StrippedImage } from './strippedImage';

/**
 * Removes camera and location metadata from a JPEG without touching its compressed pixels.
 * Dropped: APP1 (Exif, XMP, extended XMP), APP13 (Photoshop/IPTC), COM, every other APPn
 * (maker data, MPF, FlashPix), and whatever follows the main image's EOI (the extra images of
 * phone "multi-picture" files, which carry their own Exif). Kept: APP0 (JFIF), APP2 ICC_PROFILE
 * and APP14 Adobe, which change how the pixels look. An Orientation other than 1 survives as a
 * minimal Exif block holding that single tag, so the picture does not turn.
 */
export function stripJpegMetadata(bytes: Uint8Array): StrippedImage {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let removed = false;
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) {
      return { bytes, removed: false }; // not a marker where one must be: leave the file alone
    }
    let markerAt = offset;
    while (markerAt + 1 < bytes.length && bytes[markerAt + 1] === 0xff) {
      markerAt++; // fill bytes
    }
    const marker = bytes[markerAt + 1];
    if (marker === undefined) {
      return { bytes, removed: false };
    }
    if (marker === 0xd9) {
      kept.push(bytes.subarray(markerAt, markerAt + 2));
      removed ||= hasTrailingData(bytes, markerAt + 2);
      return { bytes: removed ? concatBytes(kept) : bytes, removed };
    }
    if (isStandalone(marker)) {
      kept.push(bytes.subarray(markerAt, markerAt + 2));
      offset = markerAt + 2;
      continue;
    }
    if (markerAt + 4 > bytes.length) {
      return { bytes, removed: false };
    }
    const segmentEnd = markerAt + 2 + readUint16BE(bytes, markerAt + 2);
    if (segmentEnd > bytes.length) {
      return { bytes, removed: false };
    }
    const segment = bytes.subarray(markerAt, segmentEnd);
    const payload = bytes.subarray(markerAt + 4, segmentEnd);
    if (marker === 0xda) {
      const scanEnd = endOfEntropyData(bytes, segmentEnd);
      kept.push(bytes.subarray(markerAt, scanEnd));
      offset = scanEnd;
      continue;
    }
    switch (decide(marker, payload)) {
      case 'keep':
        kept.push(segment);
        break;
      case 'drop':
        removed = true;
        break;
      case 'orientation-only': {
        removed = true;
        const orientation = readExifOrientation(payload);
        if (orientation !== undefined && orientation !== 1) {
          kept.push(app1Segment(orientationOnlyExif(orientation)));
        }
        break;
      }
    }
    offset = segmentEnd;
  }
  return { bytes, removed: false }; // no EOI: isCompleteImage refuses such files before this runs
}

type Decision = 'keep' | 'drop' | 'orientation-only';

function decide(marker: number, payload: Uint8Array): Decision {
  if (marker === 0xfe) {
    return 'drop'; // COM
  }
  if (marker < 0xe0 || marker > 0xef) {
    return 'keep'; // tables, frame headers, restart interval…
  }
  switch (marker) {
    case 0xe0:
      return 'keep'; // JFIF / JFXX
    case 0xe1:
      return ascii(payload, 0, 6) === 'Exif\0\0' ? 'orientation-only' : 'drop';
    case 0xe2:
      return ascii(payload, 0, 12) === 'ICC_PROFILE\0' ? 'keep' : 'drop';
    case 0xee:
      return ascii(payload, 0, 5) === 'Adobe' ? 'keep' : 'drop';
    default:
      return 'drop';
  }
}

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

/**
 * Entropy-coded data ends at the first marker that is neither a stuffed 0xFF00 nor a restart
 * marker; a progressive file has several scans with table segments between them.
 */
function endOfEntropyData(bytes: Uint8Array, from: number): number {
  let offset = from;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] === 0xff) {
      const next = bytes[offset + 1];
      if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) {
        return offset;
      }
    }
    offset++;
  }
  return bytes.length;
}

function hasTrailingData(bytes: Uint8Array, from: number): boolean {
  for (let offset = from; offset < bytes.length; offset++) {
    if (bytes[offset] !== 0) {
      return true;
    }
  }
  return false;
}

function app1Segment(payload: Uint8Array): Uint8Array {
  const length = payload.length + 2;
  return concatBytes([Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff]), payload]);
}
