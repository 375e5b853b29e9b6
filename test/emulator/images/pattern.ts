import { createHash } from 'node:crypto';
import { outputKey, prng } from './prng';

/** An opaque RGBA raster, 4 bytes a pixel, rows top to bottom. */
export interface Raster {
  width: number;
  height: number;
  rgba: Buffer;
}

export interface PatternInput {
  /** The uploaded image's bytes: its colours seed the palette, so results look "derived" from it. */
  source: Buffer;
  seed: number;
  /** 0-based output index within one run. */
  index: number;
  width: number;
  height: number;
}

/**
 * Colours taken from the source bytes themselves: a sample of byte triples spread over the file,
 * so two different uploads give visibly different palettes without decoding either.
 */
function paletteFrom(source: Buffer, random: () => number): Array<[number, number, number]> {
  const digest = createHash('sha256').update(source).digest();
  const bytes = source.length >= 48 ? source : Buffer.concat([source, digest]);
  const palette: Array<[number, number, number]> = [];
  for (let i = 0; i < 6; i++) {
    const at = Math.floor(random() * (bytes.length - 3));
    palette.push([bytes[at] ^ digest[i], bytes[at + 1] ^ digest[i + 6], bytes[at + 2] ^ digest[i + 12]]);
  }
  return palette;
}

/**
 * A grid of flat cells with darker grid lines, for uploads libvips cannot decode (the emulator's
 * upload takes any bytes). Flat areas keep every encoder fast and the files
 * small (rows and runs repeat), while seed and index change cell size, palette picks and layout.
 */
export function renderPattern(input: PatternInput): Raster {
  const { width, height } = input;
  const random = prng(outputKey(input.source, input.seed, input.index));
  const palette = paletteFrom(input.source, random);
  const cell = [32, 48, 64, 96][Math.floor(random() * 4)];
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const cellColours = new Uint32Array(columns * rows);
  for (let i = 0; i < cellColours.length; i++) {
    const [r, g, b] = palette[Math.floor(random() * palette.length)];
    cellColours[i] = packRgba(r, g, b);
  }
  const lineColour = packRgba(palette[0][0] >> 2, palette[0][1] >> 2, palette[0][2] >> 2);
  const rgba = Buffer.alloc(width * height * 4);
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    const cellRow = Math.floor(y / cell) * columns;
    const onHorizontalLine = y % cell < 2;
    for (let x = 0; x < width; x++) {
      pixels[rowStart + x] = onHorizontalLine || x % cell < 2 ? lineColour : cellColours[cellRow + Math.floor(x / cell)];
    }
  }
  return { width, height, rgba };
}

/** Little-endian packing so that a Uint32Array over the buffer reads back R, G, B, A bytes. */
function packRgba(r: number, g: number, b: number): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
