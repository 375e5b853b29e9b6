import assert from 'node:assert/strict';
import { renderResultImage, type RequestedFormat } from '../emulator/images';
import { emulatorMark } from '../emulator/images/emulatorMark';
import { renderPattern } from '../emulator/images/pattern';
import { emulatorVips } from '../emulator/images/vipsEncode';
import { readImageInfo } from '../emulator/testkit';

interface Pixels {
  width: number;
  height: number;
  rgb: Uint8Array;
}

async function decode(bytes: Buffer): Promise<Pixels> {
  const vips = await emulatorVips();
  const image = vips.Image.newFromBuffer(bytes);
  try {
    assert.equal(image.bands, 3, 'opaque sRGB');
    return { width: image.width, height: image.height, rgb: new Uint8Array(image.writeToMemory()) };
  } finally {
    image.delete();
  }
}

/** A PNG source made with libvips: horizontal bands of the given colours. */
async function sourcePng(width: number, height: number, colours: Array<[number, number, number]>): Promise<Buffer> {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const colour = colours[Math.floor((y * colours.length) / height)];
    for (let x = 0; x < width; x++) {
      // A gentle ramp across, so crops and mirrors change what is seen.
      rgb.set(colour.map((channel) => Math.min(255, channel + Math.floor((x * 40) / width))), (y * width + x) * 3);
    }
  }
  const vips = await emulatorVips();
  const image = vips.Image.newFromMemory(rgb, width, height, 3, vips.BandFormat.uchar);
  try {
    return Buffer.from(image.pngsaveBuffer());
  } finally {
    image.delete();
  }
}

async function render(source: Buffer, seed: number, index = 0, format: RequestedFormat = 'png', width = 336, height = 192): Promise<Buffer> {
  return (await renderResultImage({ source, seed, index, width, height, format, quality: 80 })).bytes;
}

/** Mean absolute difference per channel outside the corner mark, 0..255. */
function meanDifference(a: Pixels, b: Pixels): number {
  const mark = emulatorMark(a.width, a.height);
  let total = 0;
  let counted = 0;
  for (let y = 0; y < mark.top; y++) {
    for (let i = y * a.width * 3; i < (y + 1) * a.width * 3; i++) {
      total += Math.abs(a.rgb[i] - b.rgb[i]);
      counted++;
    }
  }
  return total / counted;
}

function meanAboveMark(pixels: Pixels): number {
  const mark = emulatorMark(pixels.width, pixels.height);
  const rows = pixels.rgb.subarray(0, mark.top * pixels.width * 3);
  return rows.reduce((sum, value) => sum + value, 0) / rows.length;
}

describe('API emulator: variations of the uploaded image', function () {
  // libvips starts once per process (about a tenth of a second, more on a busy machine).
  this.timeout(20_000);
  let landscape: Buffer;

  before(async () => {
    landscape = await sourcePng(240, 160, [[250, 170, 90], [200, 120, 160], [30, 60, 140], [20, 40, 90]]);
  });

  for (const format of ['png', 'jpg', 'webp'] as const) {
    it(`gives the same bytes for the same upload, seed and output index (${format})`, async () => {
      const first = await render(landscape, 42, 1, format);
      const again = await render(Buffer.from(landscape), 42, 1, format);
      assert.ok(first.equals(again));
    });
  }

  it('makes visibly different pictures for different seeds and output indexes', async () => {
    const base = await decode(await render(landscape, 1));
    for (const [label, other] of [
      ['seed 2', await render(landscape, 2)],
      ['seed 3', await render(landscape, 3)],
      ['output 1', await render(landscape, 1, 1)],
    ] as const) {
      const difference = meanDifference(base, await decode(other));
      assert.ok(difference > 8, `${label} differs by only ${difference.toFixed(1)} per channel on average`);
    }
  });

  it('makes the size asked for, whatever the source’s shape', async () => {
    const portrait = await sourcePng(90, 200, [[10, 200, 40], [200, 10, 40]]);
    for (const [width, height] of [[1344, 768], [512, 512], [320, 768]]) {
      for (const source of [landscape, portrait]) {
        assert.deepEqual(readImageInfo(await render(source, 5, 0, 'png', width, height)), { format: 'png', width, height });
      }
    }
  });

  it('copes with sources of a pixel or a sliver', async () => {
    for (const [width, height] of [[1, 1], [2, 300], [300, 2]]) {
      const tiny = await sourcePng(width, height, [[120, 30, 200]]);
      assert.deepEqual(readImageInfo(await render(tiny, 1, 0, 'png', 336, 192)), { format: 'png', width: 336, height: 192 }, `${width} × ${height}`);
    }
  });

  it('derives the picture from the uploaded pixels: a dark upload stays dark, a light one light', async () => {
    const dark = await sourcePng(64, 48, [[0, 0, 0]]);
    const light = await sourcePng(64, 48, [[215, 215, 215]]);
    for (const seed of [1, 2, 3, 4]) {
      assert.ok(meanAboveMark(await decode(await render(dark, seed))) < 70, `dark, seed ${seed}`);
      assert.ok(meanAboveMark(await decode(await render(light, seed))) > 180, `light, seed ${seed}`);
    }
  });

  it('marks every output as the emulator’s in the bottom-right corner', async () => {
    const undecodable = Buffer.from('not an image at all');
    for (const [source, width, height] of [[landscape, 1344, 768], [landscape, 512, 512], [undecodable, 336, 192]] as const) {
      const pixels = await decode(await render(source, 9, 0, 'png', width, height));
      const mark = emulatorMark(width, height);
      assert.ok(mark.left + mark.width < width && mark.top + mark.height < height, 'inside, off the edge');
      assert.ok(mark.left > width / 2 && mark.top > height / 2, 'in the bottom-right quarter');
      for (let row = 0; row < mark.height; row++) {
        const start = ((mark.top + row) * width + mark.left) * 3;
        const found = Buffer.from(pixels.rgb.subarray(start, start + mark.width * 3));
        assert.ok(found.equals(mark.rgb.subarray(row * mark.width * 3, (row + 1) * mark.width * 3)), `mark row ${row} at ${width} × ${height}`);
      }
    }
  });

  it('falls back to the generated pattern when the upload cannot be decoded', async () => {
    const source = Buffer.from('plain text, not an image');
    const pixels = await decode(await render(source, 11, 2, 'png', 200, 120));
    const pattern = renderPattern({ source, seed: 11, index: 2, width: 200, height: 120 });
    const mark = emulatorMark(200, 120);
    for (let y = 0; y < mark.top; y++) {
      for (let x = 0; x < 200; x++) {
        const at = y * 200 + x;
        assert.deepEqual([...pixels.rgb.subarray(at * 3, at * 3 + 3)], [...pattern.rgba.subarray(at * 4, at * 4 + 3)], `pixel ${x},${y}`);
      }
    }
  });
});
