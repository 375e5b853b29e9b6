import { ascii, concatBytes, readUint16BE } from '../shared/bytes';
import { orientationOnlyExif, readExifOrientation } from './exifOrientation';
import { stripResult, unparsable, type StripResult } from './stripResult';
import { hasCheckedLayout, tableLayoutError } from './jpegTables';

/**
 * Removes camera and location metadata from a JPEG without touching its compressed pixels.
 * Dropped: APP1 (Exif, XMP, extended XMP), APP13 (Photoshop/IPTC), COM, every other APPn
 * (maker data, MPF, FlashPix), an APP0 that is not JFIF, and whatever follows the main image's
 * EOI (the extra images of phone "multi-picture" files, which carry their own Exif). Kept: APP0
 * JFIF, APP2 ICC_PROFILE and APP14 Adobe, which change how the pixels look. An Orientation other
 * than 1 survives as a minimal Exif block holding that single tag, so the picture does not turn.
 *
 * Anything it cannot follow is "unparsable", never "nothing to remove": a segment whose length
 * is wrong would hide the segments after it, metadata included.
 */
export function stripJpegMetadata(bytes: Uint8Array): StripResult {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed = new Set<string>();
  let offset = 2;
  /** The segment before `offset`, and whether its length was checked against its contents. */
  let previous = { name: 'SOI', checked: false };
  let afterStrayBytes = false;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) {
      const resumeAt = previous.checked ? endOfStrayBytes(bytes, offset) : undefined;
      if (resumeAt === undefined) {
        return unparsable(`no marker at offset ${offset}, after ${previous.name}`);
      }
      const count = resumeAt - offset;
      removed.add(count === 1 ? `1 stray byte after ${previous.name}` : `${count} stray bytes after ${previous.name}`);
      offset = resumeAt;
      afterStrayBytes = true;
    }
    let markerAt = offset;
    while (markerAt + 1 < bytes.length && bytes[markerAt + 1] === 0xff) {
      markerAt++; // fill bytes
    }
    const marker = bytes[markerAt + 1];
    if (marker === undefined) {
      return unparsable(`the file ends inside the marker at offset ${offset}`);
    }
    if (!isMarker(marker) || (afterStrayBytes && !mayFollowStrayBytes(marker))) {
      return unparsable(`unexpected marker 0xFF${hex(marker)} at offset ${markerAt}, after ${previous.name}`);
    }
    afterStrayBytes = false;
    if (marker === 0xd9) {
      kept.push(bytes.subarray(markerAt, markerAt + 2));
      if (hasTrailingData(bytes, markerAt + 2)) {
        removed.add('data after the end of the image');
      }
      return stripResult(bytes, removed, () => concatBytes(kept));
    }
    if (isStandalone(marker)) {
      kept.push(bytes.subarray(markerAt, markerAt + 2));
      offset = markerAt + 2;
      previous = { name: markerName(marker), checked: false };
      continue;
    }
    if (markerAt + 4 > bytes.length) {
      return unparsable(`the file ends inside the ${markerName(marker)} header at offset ${markerAt}`);
    }
    const length = readUint16BE(bytes, markerAt + 2);
    const segmentEnd = markerAt + 2 + length;
    if (length < 2 || segmentEnd > bytes.length) {
      return unparsable(`the ${markerName(marker)} segment at offset ${markerAt} states a length of ${length} bytes, which the file does not hold`);
    }
    const segment = bytes.subarray(markerAt, segmentEnd);
    const payload = bytes.subarray(markerAt + 4, segmentEnd);
    const layoutError = tableLayoutError(marker, payload);
    if (layoutError !== undefined) {
      return unparsable(`the ${markerName(marker)} segment at offset ${markerAt} ${layoutError}`);
    }
    previous = { name: markerName(marker), checked: hasCheckedLayout(marker) };
    if (marker === 0xda) {
      const scanEnd = endOfEntropyData(bytes, segmentEnd);
      kept.push(bytes.subarray(markerAt, scanEnd));
      offset = scanEnd;
      previous = { name: 'scan data', checked: false };
      continue;
    }
    const decision = decide(marker, payload);
    switch (decision.action) {
      case 'keep':
        kept.push(segment);
        break;
      case 'drop':
        removed.add(decision.what);
        break;
      case 'orientation-only': {
        const orientation = readExifOrientation(payload);
        const turned = orientation !== undefined && orientation !== 1;
        removed.add(turned ? 'Exif (Orientation kept)' : 'Exif');
        if (turned) {
          kept.push(app1Segment(orientationOnlyExif(orientation)));
        }
        break;
      }
    }
    offset = segmentEnd;
  }
  return unparsable('no end-of-image marker');
}

type Decision = { action: 'keep' } | { action: 'drop'; what: string } | { action: 'orientation-only' };

const KEEP: Decision = { action: 'keep' };

function decide(marker: number, payload: Uint8Array): Decision {
  if (marker === 0xfe) {
    return { action: 'drop', what: 'comment' };
  }
  if (marker < 0xe0 || marker > 0xef) {
    return KEEP; // tables, frame headers, restart interval…
  }
  switch (marker) {
    case 0xe0:
      return ascii(payload, 0, 5) === 'JFIF\0' || ascii(payload, 0, 5) === 'JFXX\0' ? KEEP : { action: 'drop', what: 'APP0' };
    case 0xe1:
      if (ascii(payload, 0, 6) === 'Exif\0\0') {
        return { action: 'orientation-only' };
      }
      return { action: 'drop', what: ascii(payload, 0, 20) === 'http://ns.adobe.com/' ? 'XMP' : 'APP1' };
    case 0xe2:
      return ascii(payload, 0, 12) === 'ICC_PROFILE\0' ? KEEP : { action: 'drop', what: ascii(payload, 0, 4) === 'MPF\0' ? 'MPF' : 'APP2' };
    case 0xed:
      return { action: 'drop', what: 'Photoshop/IPTC' };
    case 0xee:
      return ascii(payload, 0, 5) === 'Adobe' ? KEEP : { action: 'drop', what: 'APP14' };
    default:
      return { action: 'drop', what: markerName(marker) };
  }
}

/** libjpeg skips a few bytes of garbage between segments ("extraneous bytes before marker"). */
const MAX_STRAY_BYTES = 4;

/**
 * Where the marker after a few stray bytes starts, or undefined. Only called after a segment
 * whose length matched its contents, so the stray bytes are not the rest of a segment whose
 * length was wrong; and only a handful, so they are not a segment whose marker was damaged.
 */
function endOfStrayBytes(bytes: Uint8Array, from: number): number | undefined {
  for (let offset = from; offset < bytes.length && offset <= from + MAX_STRAY_BYTES; offset++) {
    if (bytes[offset] === 0xff) {
      return offset;
    }
  }
  return undefined;
}

/** After stray bytes, only what libjpeg expects between a frame header and its scan. */
function mayFollowStrayBytes(marker: number): boolean {
  return hasCheckedLayout(marker) || marker === 0xda || marker === 0xd9 || marker === 0xfe || (marker >= 0xe0 && marker <= 0xef);
}

/** 0x01 (TEM) and 0xC0–0xFE; 0x00 is a stuffed byte and 0x02–0xBF are reserved. */
function isMarker(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xc0 && marker <= 0xfe);
}

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

function markerName(marker: number): string {
  if (marker >= 0xe0 && marker <= 0xef) {
    return `APP${marker - 0xe0}`;
  }
  switch (marker) {
    case 0xc4:
      return 'DHT';
    case 0xcc:
      return 'DAC';
    case 0xda:
      return 'SOS';
    case 0xdb:
      return 'DQT';
    case 0xdd:
      return 'DRI';
    case 0xfe:
      return 'COM';
  }
  if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc8) {
    return `SOF${marker - 0xc0}`;
  }
  return `0xFF${hex(marker)}`;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
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
