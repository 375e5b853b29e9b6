import type { Raster } from './pattern';

/**
 * A small lossless WebP (VP8L) encoder, written for the emulator: no transforms, no colour cache,
 * one group of fixed prefix codes, and LZ77 copies from the pixel to the left or the row above.
 * That is enough for the flat patterns the emulator draws to come out small and fast, and the
 * result is a real WebP that browsers and libwebp decode.
 * Format: https://developers.google.com/speed/webp/docs/webp_lossless_bitstream_specification
 */

class BitWriter {
  private bytes: Buffer;
  private length = 0;
  private accumulator = 0;
  private used = 0;

  constructor(capacity: number) {
    this.bytes = Buffer.alloc(Math.max(capacity, 64));
  }

  /** Writes `count` (≤ 24) bits of `value`, least significant first, as VP8L reads them. */
  write(value: number, count: number): void {
    this.accumulator |= (value & ((1 << count) - 1)) << this.used;
    this.used += count;
    while (this.used >= 8) {
      this.push(this.accumulator & 0xff);
      this.accumulator >>>= 8;
      this.used -= 8;
    }
  }

  finish(): Buffer {
    if (this.used > 0) {
      this.push(this.accumulator & 0xff);
      this.accumulator = 0;
      this.used = 0;
    }
    return this.bytes.subarray(0, this.length);
  }

  private push(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }
}

/** A canonical prefix code, stored bit-reversed because VP8L packs codes from their first bit. */
interface PrefixCode {
  bits: Uint32Array;
  lengths: Uint8Array;
}

function canonicalCode(lengths: Uint8Array): PrefixCode {
  const bits = new Uint32Array(lengths.length);
  let code = 0;
  for (let length = 1; length <= 15; length++) {
    for (let symbol = 0; symbol < lengths.length; symbol++) {
      if (lengths[symbol] === length) {
        bits[symbol] = reverse(code, length);
        code++;
      }
    }
    code <<= 1;
  }
  return { bits, lengths };
}

function reverse(value: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) {
    out = (out << 1) | ((value >>> i) & 1);
  }
  return out;
}

const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * Writes a "normal" prefix code whose symbol lengths take exactly two values, each sent with a
 * one-bit code-length code (a complete code of two symbols; libwebp refuses incomplete ones).
 */
function writeTwoLengthCode(out: BitWriter, lengths: Uint8Array, pair: [number, number]): void {
  out.write(0, 1);
  const lastNeeded = Math.max(CODE_LENGTH_ORDER.indexOf(pair[0]), CODE_LENGTH_ORDER.indexOf(pair[1]));
  out.write(lastNeeded + 1 - 4, 4);
  for (let i = 0; i <= lastNeeded; i++) {
    out.write(pair.includes(CODE_LENGTH_ORDER[i]) ? 1 : 0, 3);
  }
  out.write(0, 1);
  const small = Math.min(pair[0], pair[1]);
  for (const length of lengths) {
    out.write(length === small ? 0 : 1, 1);
  }
}

const GREEN_ALPHABET = 256 + 24;
const MAX_COPY = 4096;
const MIN_COPY = 3;

/**
 * Green + length prefixes: 232 symbols of 8 bits and 48 of 9 bits fill the code exactly
 * (232/256 + 48/512 = 1). Literal values 232–255 cost a bit more, which is fine.
 */
const GREEN_CODE = canonicalCode(Uint8Array.from({ length: GREEN_ALPHABET }, (_, s) => (s < 232 ? 8 : 9)));
const BYTE_LENGTHS = (() => {
  const lengths = new Uint8Array(256).fill(8);
  return lengths;
})();
const BYTE_CODE = canonicalCode(BYTE_LENGTHS);

function writeSymbol(out: BitWriter, code: PrefixCode, symbol: number): void {
  out.write(code.bits[symbol], code.lengths[symbol]);
}

function writeLength(out: BitWriter, length: number): void {
  const value = length - 1;
  if (value < 4) {
    writeSymbol(out, GREEN_CODE, 256 + value);
    return;
  }
  const highest = 31 - Math.clz32(value);
  const second = (value >>> (highest - 1)) & 1;
  const extraBits = highest - 1;
  writeSymbol(out, GREEN_CODE, 256 + 2 * highest + second);
  out.write(value & ((1 << extraBits) - 1), extraBits);
}

/** Distance codes 1 and 2 of the spec's distance map: (0,1) the pixel above, (1,0) the pixel left. */
const DISTANCE_ABOVE = 0;
const DISTANCE_LEFT = 1;

export function encodeWebpLossless(raster: Raster): Buffer {
  const { width, height, rgba } = raster;
  if (width < 1 || height < 1 || width > 16384 || height > 16384) {
    throw new Error(`WebP cannot hold ${width}×${height}`);
  }
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  const out = new BitWriter(width * height);
  out.write(0x2f, 8);
  out.write(width - 1, 14);
  out.write(height - 1, 14);
  out.write(0, 1); // alpha unused: the emulator's images are opaque
  out.write(0, 3); // version
  out.write(0, 1); // no transform
  out.write(0, 1); // no colour cache
  out.write(0, 1); // one prefix-code group for the whole image
  writeTwoLengthCode(out, GREEN_CODE.lengths, [8, 9]);
  writeTwoLengthCode(out, BYTE_CODE.lengths, [0, 8]); // red
  writeTwoLengthCode(out, BYTE_CODE.lengths, [0, 8]); // blue
  // Alpha: a "simple" code of one 8-bit symbol, 255, which then costs no bits per pixel.
  out.write(1, 1);
  out.write(0, 1);
  out.write(1, 1);
  out.write(255, 8);
  // Distance: a simple code of two 1-bit symbols, 0 (above) and 1 (left).
  out.write(1, 1);
  out.write(1, 1);
  out.write(0, 1);
  out.write(DISTANCE_ABOVE, 1);
  out.write(DISTANCE_LEFT, 8);

  const total = width * height;
  let at = 0;
  while (at < total) {
    const above = at >= width ? matchLength(pixels, at, at - width, total) : 0;
    const left = at >= 1 ? matchLength(pixels, at, at - 1, total) : 0;
    if (Math.max(above, left) >= MIN_COPY) {
      const useAbove = above >= left;
      const length = useAbove ? above : left;
      writeLength(out, length);
      out.write(useAbove ? 0 : 1, 1);
      at += length;
      continue;
    }
    const pixel = pixels[at];
    writeSymbol(out, GREEN_CODE, (pixel >>> 8) & 0xff);
    writeSymbol(out, BYTE_CODE, pixel & 0xff);
    writeSymbol(out, BYTE_CODE, (pixel >>> 16) & 0xff);
    at++;
  }
  return riff(out.finish());
}

function matchLength(pixels: Uint32Array, at: number, from: number, total: number): number {
  const limit = Math.min(MAX_COPY, total - at);
  let length = 0;
  while (length < limit && pixels[at + length] === pixels[from + length]) {
    length++;
  }
  return length;
}

function riff(vp8l: Buffer): Buffer {
  const padded = vp8l.length % 2 === 1 ? Buffer.concat([vp8l, Buffer.alloc(1)]) : vp8l;
  const header = Buffer.alloc(20);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(4 + 8 + padded.length, 4);
  header.write('WEBP', 8, 'ascii');
  header.write('VP8L', 12, 'ascii');
  header.writeUInt32LE(vp8l.length, 16);
  return Buffer.concat([header, padded]);
}
