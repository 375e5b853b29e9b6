import * as zlib from 'zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG whose pixel at (x, y) is `pixel(x, y)`: a real file every decoder accepts. */
export function rgbPng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      raw.set(pixel(x, y), y * row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The PNG with an eXIf chunk (a TIFF body, as in a JPEG's Exif segment) right after its header. */
export function withExifChunk(png: Buffer, tiff: Buffer): Buffer {
  const afterHeader = 8 + 25;
  return Buffer.concat([png.subarray(0, afterHeader), chunk('eXIf', tiff), png.subarray(afterHeader)]);
}

/** A gradient PNG, so servers and decoders treat it as a photo-like source. */
export function gradientPng(width: number, height: number, blue = 128): Buffer {
  return rgbPng(width, height, (x, y) => [(x * 255) / width, (y * 255) / height, blue]);
}

let uniqueCounter = 0;

/** A PNG no earlier test has uploaded (the extension reuses uploads of identical bytes). */
export function uniquePng(width = 48, height = 32): Buffer {
  uniqueCounter = (uniqueCounter + 1) % 256;
  return gradientPng(width + Math.floor(Math.random() * 16), height, uniqueCounter);
}

/** Smooth gradients with grain: compresses like a photo (about 5 MB as a 1600 × 1200 PNG). */
export function photoLikePng(width: number, height: number, seed: number): Buffer {
  let state = (seed * 2654435761) >>> 0;
  const clamp = (value: number) => Math.max(0, Math.min(255, value));
  return rgbPng(width, height, (x, y) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    const grain = (state >>> 28) - 8;
    return [clamp((x * 255) / width + grain), clamp((y * 255) / height + grain), clamp(128 + 60 * Math.sin((x + y + seed) / 40) + grain)];
  });
}
