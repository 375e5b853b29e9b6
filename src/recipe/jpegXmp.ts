/**
 * XMP in JPEG: one APP1 segment, `http://ns.adobe.com/xap/1.0/` and a NUL, then the packet, at
 * most 64 KB, after SOI, the JFIF APP0 and the Exif APP1, before the frame header. Only the
 * segments before the first scan are read; the scans are copied as they are.
 */
import { ascii, concatBytes, readUint16BE } from '../shared/bytes';
import { MAX_XMP_BYTES, type FoundXmp } from './xmpLimits';

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
/** Extended XMP continues a main packet; it goes with the packet it belongs to. */
const EXTENDED_XMP_HEADER = 'http://ns.adobe.com/xmp/extension/\0';
const APP0 = 0xe0;
const APP1 = 0xe1;
const SOS = 0xda;
const EOI = 0xd9;
const MAX_SEGMENT_LENGTH = 0xffff;

interface JpegSegment {
  marker: number;
  start: number;
  end: number;
  payload: Uint8Array;
}

/** The marker segments before the first scan, and where the scan (or EOI) starts. */
function headerSegments(bytes: Uint8Array): { segments: JpegSegment[]; scanStart: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw new Error('not a JPEG file');
  }
  const segments: JpegSegment[] = [];
  let offset = 2;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) {
      throw new Error(`no marker at offset ${offset}`);
    }
    let markerAt = offset;
    while (markerAt + 1 < bytes.length && bytes[markerAt + 1] === 0xff) {
      markerAt++; // fill bytes
    }
    const marker = bytes[markerAt + 1];
    if (marker === SOS || marker === EOI) {
      return { segments, scanStart: markerAt };
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      segments.push({ marker, start: offset, end: markerAt + 2, payload: new Uint8Array(0) });
      offset = markerAt + 2;
      continue;
    }
    const end = markerAt + 4 <= bytes.length ? markerAt + 2 + readUint16BE(bytes, markerAt + 2) : bytes.length + 1;
    if (end > bytes.length || end < markerAt + 4) {
      throw new Error(`the segment at offset ${markerAt} runs past the end of the file`);
    }
    segments.push({ marker, start: offset, end, payload: bytes.subarray(markerAt + 4, end) });
    offset = end;
  }
  throw new Error('no scan');
}

function isXmpSegment(segment: JpegSegment): boolean {
  return segment.marker === APP1 && ascii(segment.payload, 0, XMP_HEADER.length) === XMP_HEADER;
}

function isExtendedXmpSegment(segment: JpegSegment): boolean {
  return segment.marker === APP1 && ascii(segment.payload, 0, EXTENDED_XMP_HEADER.length) === EXTENDED_XMP_HEADER;
}

function isExifSegment(segment: JpegSegment): boolean {
  return segment.marker === APP1 && ascii(segment.payload, 0, 6) === 'Exif\0\0';
}

/** `bytes` with `packet` as its only XMP, right after the leading APP0 and Exif segments. */
export function withJpegXmp(bytes: Uint8Array, packet: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(XMP_HEADER);
  const length = 2 + header.length + packet.length;
  if (length > MAX_SEGMENT_LENGTH) {
    throw new Error(`the XMP packet of ${packet.length} bytes does not fit in one JPEG segment`);
  }
  const { segments, scanStart } = headerSegments(bytes);
  const kept = segments.filter((segment) => !isXmpSegment(segment) && !isExtendedXmpSegment(segment));
  let leading = 0;
  while (leading < kept.length && (kept[leading].marker === APP0 || isExifSegment(kept[leading]))) {
    leading++;
  }
  const xmpSegment = concatBytes([Uint8Array.from([0xff, APP1, length >> 8, length & 0xff]), header, packet]);
  const parts = kept.map((segment) => bytes.subarray(segment.start, segment.end));
  parts.splice(leading, 0, xmpSegment);
  return concatBytes([bytes.subarray(0, 2), ...parts, bytes.subarray(scanStart)]);
}

/** The XMP packet of a JPEG, if it has one. */
export function findJpegXmp(bytes: Uint8Array): FoundXmp {
  const segment = headerSegments(bytes).segments.find(isXmpSegment);
  if (!segment) {
    return { kind: 'none' };
  }
  const packet = segment.payload.subarray(XMP_HEADER.length);
  return packet.length > MAX_XMP_BYTES ? { kind: 'too-large' } : { kind: 'found', packet };
}
