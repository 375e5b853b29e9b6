import { ascii, readInt32LE, readUint16LE, readUint32LE } from '../shared/bytes';

/**
 * A BMP decoder for the uncompressed kinds Windows and image editors write (1, 4, 8, 16, 24 and
 * 32 bits, with or without bit-field masks). libvips has no BMP loader, and the format is simple
 * enough that a package for it would be mostly overhead. RLE-compressed BMPs are refused.
 */

export type BmpDecoded =
  | { ok: true; width: number; height: number; rgba: Uint8Array; hasAlpha: boolean }
  | { ok: false; reason: string };

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
/** Refuse absurd headers before allocating: 100 megapixels is far beyond any real BMP. */
const MAX_PIXELS = 100_000_000;

interface Masks {
  red: number;
  green: number;
  blue: number;
  alpha: number;
}

export function decodeBmp(bytes: Uint8Array): BmpDecoded {
  if (ascii(bytes, 0, 2) !== 'BM' || bytes.length < 26) {
    return { ok: false, reason: 'not a BMP file' };
  }
  const pixelOffset = readUint32LE(bytes, 10);
  const headerSize = readUint32LE(bytes, 14);
  const core = headerSize === 12;
  if (!core && headerSize < 40) {
    return { ok: false, reason: `unknown BMP header size ${headerSize}` };
  }
  const width = core ? readUint16LE(bytes, 18) : readInt32LE(bytes, 18);
  const rawHeight = core ? readUint16LE(bytes, 20) : readInt32LE(bytes, 22);
  const bitsPerPixel = readUint16LE(bytes, core ? 24 : 28);
  const compression = core ? BI_RGB : readUint32LE(bytes, 30);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) {
    return { ok: false, reason: `unusable BMP size ${width}×${height}` };
  }
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    return { ok: false, reason: 'compressed (RLE, JPEG or PNG inside) BMP files are not supported' };
  }
  const headerEnd = 14 + headerSize;
  const palette = readPalette(bytes, headerEnd + (compression === BI_BITFIELDS && headerSize === 40 ? 12 : 0), bitsPerPixel, core);
  const masks = readMasks(bytes, headerSize, compression, bitsPerPixel);
  const rowStride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (pixelOffset + rowStride * height > bytes.length) {
    return { ok: false, reason: 'the pixel data is cut off' };
  }
  if (bitsPerPixel <= 8 && palette.length === 0) {
    return { ok: false, reason: 'the palette is missing' };
  }
  const rgba = new Uint8Array(width * height * 4);
  let anyAlpha = false;
  for (let row = 0; row < height; row++) {
    const source = pixelOffset + (topDown ? row : height - 1 - row) * rowStride;
    for (let x = 0; x < width; x++) {
      const target = (row * width + x) * 4;
      const pixel = readPixel(bytes, source, x, bitsPerPixel, palette, masks);
      if (pixel === undefined) {
        return { ok: false, reason: `${bitsPerPixel}-bit BMP files are not supported` };
      }
      rgba[target] = pixel[0];
      rgba[target + 1] = pixel[1];
      rgba[target + 2] = pixel[2];
      rgba[target + 3] = pixel[3];
      anyAlpha ||= pixel[3] !== 0;
    }
  }
  const hasAlpha = masks.alpha !== 0 && anyAlpha;
  if (masks.alpha !== 0 && !anyAlpha) {
    // An alpha mask over all-zero alpha means the writer did not use it: show the pixels opaque.
    for (let index = 3; index < rgba.length; index += 4) {
      rgba[index] = 255;
    }
  }
  return { ok: true, width, height, rgba, hasAlpha };
}

function readPalette(bytes: Uint8Array, from: number, bitsPerPixel: number, core: boolean): Array<[number, number, number]> {
  if (bitsPerPixel > 8) {
    return [];
  }
  const entrySize = core ? 3 : 4;
  const colours: Array<[number, number, number]> = [];
  for (let index = 0; index < 1 << bitsPerPixel; index++) {
    const at = from + index * entrySize;
    if (at + 3 > bytes.length) {
      break;
    }
    colours.push([bytes[at + 2], bytes[at + 1], bytes[at]]);
  }
  return colours;
}

function readMasks(bytes: Uint8Array, headerSize: number, compression: number, bitsPerPixel: number): Masks {
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    const at = 14 + 40; // the masks follow the 40-byte header, or sit inside V4/V5 headers at the same place
    return {
      red: readUint32LE(bytes, at),
      green: readUint32LE(bytes, at + 4),
      blue: readUint32LE(bytes, at + 8),
      alpha: compression === BI_ALPHABITFIELDS || headerSize >= 56 ? readUint32LE(bytes, at + 12) : 0,
    };
  }
  switch (bitsPerPixel) {
    case 16:
      return { red: 0x7c00, green: 0x03e0, blue: 0x001f, alpha: 0 };
    case 32:
      // Plain 32-bit BMPs are BGRX; V4/V5 headers may state an alpha mask that is actually used.
      return { red: 0x00ff0000, green: 0x0000ff00, blue: 0x000000ff, alpha: headerSize >= 108 ? readUint32LE(bytes, 14 + 52) : 0 };
    default:
      return { red: 0, green: 0, blue: 0, alpha: 0 };
  }
}

function readPixel(
  bytes: Uint8Array,
  rowStart: number,
  x: number,
  bitsPerPixel: number,
  palette: ReadonlyArray<[number, number, number]>,
  masks: Masks,
): [number, number, number, number] | undefined {
  switch (bitsPerPixel) {
    case 1:
    case 4:
    case 8: {
      const bit = x * bitsPerPixel;
      const shift = 8 - bitsPerPixel - (bit % 8);
      const index = (bytes[rowStart + (bit >> 3)] >> shift) & ((1 << bitsPerPixel) - 1);
      const colour = palette[index] ?? [0, 0, 0];
      return [colour[0], colour[1], colour[2], 255];
    }
    case 24: {
      const at = rowStart + x * 3;
      return [bytes[at + 2], bytes[at + 1], bytes[at], 255];
    }
    case 16:
      return fromMasks(readUint16LE(bytes, rowStart + x * 2), masks);
    case 32:
      return fromMasks(readUint32LE(bytes, rowStart + x * 4), masks);
    default:
      return undefined;
  }
}

function fromMasks(value: number, masks: Masks): [number, number, number, number] {
  return [
    channel(value, masks.red),
    channel(value, masks.green),
    channel(value, masks.blue),
    masks.alpha === 0 ? 255 : channel(value, masks.alpha),
  ];
}

/** Scales the masked bits to 0–255, whatever their width (5-bit, 6-bit, 8-bit, 10-bit…). */
function channel(value: number, mask: number): number {
  if (mask === 0) {
    return 0;
  }
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) {
    shift++;
  }
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}
