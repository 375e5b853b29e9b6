import { ascii, readUint16BE, readUint32BE } from '../shared/bytes';

/**
 * EXIF Orientation (tag 0x0112 in IFD0) says how a camera image must be turned to stand upright.
 * Dropping the EXIF block of a turned photo would turn the picture the model sees, so the
 * metadata stripper keeps this one tag (see jpegMetadata.ts) and re-encoding applies it.
 */

const EXIF_HEADER = 'Exif\0\0';
const ORIENTATION_TAG = 0x0112;
const TYPE_SHORT = 3;

/** The payload of a JPEG APP1 segment ("Exif\0\0" + TIFF structure) → orientation 1–8, if stated. */
export function readExifOrientation(app1Payload: Uint8Array): number | undefined {
  if (ascii(app1Payload, 0, 6) !== EXIF_HEADER) {
    return undefined;
  }
  return readTiffOrientation(app1Payload.subarray(6));
}

function readTiffOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) {
    return undefined;
  }
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') {
    return undefined;
  }
  const little = order === 'II';
  const u16 = (offset: number) => (little ? tiff[offset] | (tiff[offset + 1] << 8) : readUint16BE(tiff, offset));
  const u32 = (offset: number) =>
    little ? (tiff[offset] | (tiff[offset + 1] << 8) | (tiff[offset + 2] << 16)) + ((tiff[offset + 3] << 24) >>> 0) : readUint32BE(tiff, offset);
  if (u16(2) !== 42) {
    return undefined;
  }
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) {
    return undefined;
  }
  const count = u16(ifd);
  for (let index = 0; index < count; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > tiff.length) {
      return undefined;
    }
    if (u16(entry) === ORIENTATION_TAG && u16(entry + 2) === TYPE_SHORT) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A complete APP1 payload whose only content is IFD0 with the Orientation tag. */
export function orientationOnlyExif(orientation: number): Uint8Array {
  const header = Array.from(EXIF_HEADER, (char) => char.charCodeAt(0));
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, // big-endian TIFF, magic 42
    0x00, 0x00, 0x00, 0x08, // IFD0 right after the header
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, TYPE_SHORT, 0x00, 0x00, 0x00, 0x01, 0x00, orientation & 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ];
  return Uint8Array.from([...header, ...tiff]);
}
