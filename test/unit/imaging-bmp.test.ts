import * as assert from 'node:assert/strict';
import { decodeBmp } from '../../src/imaging/bmp';
import { fixture } from '../fixtures/imaging/support';

type Rgba = [number, number, number, number];

function pixelAt(decoded: { width: number; rgba: Uint8Array }, x: number, y: number): Rgba {
  const at = (y * decoded.width + x) * 4;
  return [decoded.rgba[at], decoded.rgba[at + 1], decoded.rgba[at + 2], decoded.rgba[at + 3]];
}

/** A BMP with a 40-byte header; `rows` are given top row first, already packed and padded. */
function handMadeBmp(options: { width: number; height: number; bits: number; compression?: number; masks?: number[]; rows: number[][] }): Uint8Array {
  const masks = options.masks ?? [];
  const pixelOffset = 14 + 40 + masks.length * 4;
  const pixels = options.rows.flat();
  const bytes = Buffer.alloc(pixelOffset + pixels.length);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(pixelOffset, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(options.width, 18);
  bytes.writeInt32LE(-options.height, 22); // negative: rows are stored top-down
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(options.bits, 28);
  bytes.writeUInt32LE(options.compression ?? 0, 30);
  masks.forEach((mask, index) => bytes.writeUInt32LE(mask, 54 + index * 4));
  Buffer.from(pixels).copy(bytes, pixelOffset);
  return new Uint8Array(bytes);
}

describe('imaging: BMP decoder', () => {
  it('decodes a 24-bit bottom-up BMP with its rows in the right order', () => {
    const decoded = decodeBmp(fixture('drawing.bmp'));
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
    assert.deepEqual([decoded.width, decoded.height, decoded.hasAlpha], [120, 80, false]);
    assert.deepEqual(pixelAt(decoded, 0, 0), [255, 255, 255, 255]);
    assert.deepEqual(pixelAt(decoded, 20, 20), [0, 128, 0, 255], 'inside the green rectangle near the top');
    assert.deepEqual(pixelAt(decoded, 20, 60), [255, 255, 255, 255], 'below the rectangle');
  });

  it('decodes 1-bit and 8-bit palette BMPs', () => {
    const oneBit = decodeBmp(fixture('palette.bmp'));
    assert.ok(oneBit.ok);
    assert.deepEqual(pixelAt(oneBit, 20, 20), [0, 128, 0, 255]);
    assert.deepEqual(pixelAt(oneBit, 100, 70), [255, 255, 255, 255]);
    const eightBit = decodeBmp(fixture('palette8.bmp'));
    assert.ok(eightBit.ok);
    const [top, bottom] = [pixelAt(eightBit, 24, 0), pixelAt(eightBit, 24, 31)];
    assert.ok(top[0] > 200 && top[2] < 50, `top row is red: ${top.join(',')}`);
    assert.ok(bottom[2] > 200 && bottom[0] < 50, `bottom row is blue: ${bottom.join(',')}`);
  });

  it('decodes a 32-bit BMP with an alpha mask and reports the alpha', () => {
    const decoded = decodeBmp(fixture('alpha.bmp'));
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
    assert.equal(decoded.hasAlpha, true);
    assert.equal(pixelAt(decoded, 0, 0)[3], 0, 'outside the rectangle is transparent');
    const inside = pixelAt(decoded, 10, 10);
    assert.equal(inside[0], 255);
    assert.ok(Math.abs(inside[3] - 128) <= 1, `half transparent: ${inside.join(',')}`);
  });

  it('decodes top-down rows and 16-bit 5-6-5 bit fields', () => {
    // Top row: pure red, pure green; bottom row: pure blue, white (5-6-5, little-endian, 4-byte rows).
    const decoded = decodeBmp(
      handMadeBmp({
        width: 2,
        height: 2,
        bits: 16,
        compression: 3,
        masks: [0xf800, 0x07e0, 0x001f],
        rows: [
          [0x00, 0xf8, 0xe0, 0x07],
          [0x1f, 0x00, 0xff, 0xff],
        ],
      }),
    );
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
    assert.deepEqual(
      [pixelAt(decoded, 0, 0), pixelAt(decoded, 1, 0), pixelAt(decoded, 0, 1), pixelAt(decoded, 1, 1)],
      [
        [255, 0, 0, 255],
        [0, 255, 0, 255],
        [0, 0, 255, 255],
        [255, 255, 255, 255],
      ],
    );
  });

  it('refuses RLE-compressed, cut-off and malformed files with a reason', () => {
    const rle = decodeBmp(fixture('rle8.bmp'));
    assert.deepEqual(rle.ok, false);
    assert.match(rle.ok ? '' : rle.reason, /compressed/);
    const bytes = fixture('drawing.bmp');
    const cut = decodeBmp(bytes.subarray(0, bytes.length - 500));
    assert.match(cut.ok ? '' : cut.reason, /cut off/);
    const huge = decodeBmp(handMadeBmp({ width: 100_000, height: 100_000, bits: 24, rows: [] }));
    assert.match(huge.ok ? '' : huge.reason, /size/);
    assert.equal(decodeBmp(new TextEncoder().encode('BM but not really a bitmap file')).ok, false);
  });
});
