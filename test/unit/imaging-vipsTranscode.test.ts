import * as assert from 'node:assert/strict';
import { orientationOnlyExif } from '../../src/imaging/exifOrientation';
import type { Vips } from '../../src/imaging/loadVips';
import type { TranscodeRequest, TranscodeResponse } from '../../src/imaging/transcodeProtocol';
import { transcodeWithVips } from '../../src/imaging/vipsTranscode';
import { decodePixels, fixture, gradientJpeg, noiseImage, testVips, withExifSegment } from '../fixtures/imaging/support';

/** The transcoder itself, in this process (the worker only carries its requests and answers). */
describe('imaging: transcodeWithVips', function () {
  this.timeout(60_000);

  let vips: Vips;
  let cacheSize: number;

  before(async () => {
    vips = await testVips();
    // libvips' operation cache would keep images alive on purpose; the leak check needs it off.
    cacheSize = vips.Cache.max() ?? 100;
    vips.Cache.max(0);
  });

  after(() => {
    vips.Cache.max(cacheSize);
  });

  function request(bytes: Uint8Array, source: TranscodeRequest['source'], changes: Partial<TranscodeRequest> = {}): TranscodeRequest {
    return { bytes, source, maxLongSide: 1536, targetBytes: 1.5 * 2 ** 20, preferLossless: false, allowShrink: true, keepMetadata: false, ...changes };
  }

  function expectOk(response: TranscodeResponse): Extract<TranscodeResponse, { ok: true }> {
    assert.ok(response.ok, `expected bytes, got ${JSON.stringify(response)}`);
    return response;
  }

  it('deletes every libvips object it makes, whichever path a job takes', async () => {
    const photo = await gradientJpeg(4000, 3000);
    const noisyPng = await noiseImage(1600, 1200, 'png');
    const requests: Array<[string, TranscodeRequest]> = [
      ['JPEG scaled on load, first encoding fits', request(photo, 'jpeg')],
      ['PNG, lossless attempt stopped early', request(noisyPng, 'png', { preferLossless: true })],
      ['nothing fits, shrinking steps', request(noisyPng, 'png', { targetBytes: 20_000 })],
      ['full size', request(fixture('drawing.gif'), 'gif', { maxLongSide: undefined, preferLossless: true })],
      ['refused', request(photo.subarray(0, 1000), 'jpeg')],
    ];
    for (const [path, job] of requests) {
      const before = vips.Stats.allocations();
      transcodeWithVips(vips, job);
      // libvips' own threads can still be handing back a buffer or two after a failed decode
      // (seen on a loaded machine), so the count is given a moment to settle.
      const settled = await settledAllocations(() => vips.Stats.allocations(), before);
      assert.equal(settled, before, `${path}: pixel memory left allocated`);
    }
  });

  it('stops the lossless attempt only when it would not fit: a PNG of exactly the target size is kept', async () => {
    const drawing = fixture('drawing.gif');
    const unlimited = expectOk(transcodeWithVips(vips, request(drawing, 'gif', { preferLossless: true, targetBytes: 50 * 2 ** 20 })));
    assert.equal(unlimited.format, 'png');
    const exact = expectOk(transcodeWithVips(vips, request(drawing, 'gif', { preferLossless: true, targetBytes: unlimited.bytes.byteLength })));
    assert.equal(exact.format, 'png');
    assert.deepEqual(exact.bytes, unlimited.bytes);
    const oneByteLess = transcodeWithVips(vips, request(drawing, 'gif', { preferLossless: true, allowShrink: false, targetBytes: unlimited.bytes.byteLength - 1 }));
    assert.notEqual(oneByteLess.ok && oneByteLess.format, 'png', 'one byte over the target is too large for the PNG');
  });

  it('a PNG stopped early still leads to the lossy encoding, at the size asked for', async () => {
    const noisyPng = await noiseImage(1600, 1200, 'png');
    const response = expectOk(transcodeWithVips(vips, request(noisyPng, 'png', { preferLossless: true })));
    assert.equal(response.format, 'jpeg');
    assert.deepEqual([response.width, response.height], [1536, 1152]);
    assert.ok(response.bytes.byteLength <= 1.5 * 2 ** 20);
  });

  it('when the first lossy encoding misses, the next qualities are tried on the same pixels', async () => {
    const noisy = await noiseImage(3200, 2400, 'jpeg');
    const first = expectOk(transcodeWithVips(vips, request(noisy, 'jpeg', { targetBytes: 50 * 2 ** 20 })));
    const next = expectOk(transcodeWithVips(vips, request(noisy, 'jpeg', { targetBytes: first.bytes.byteLength - 1 })));
    assert.equal(next.format, 'jpeg');
    assert.deepEqual([next.width, next.height], [first.width, first.height], 'a lower quality, not a smaller image');
    assert.ok(next.bytes.byteLength < first.bytes.byteLength);
  });

  it('a photo decoded at reduced size is still turned upright by its EXIF orientation', async () => {
    // Left half red, right half blue; orientation 6 shows it turned a quarter clockwise: red on top.
    const xy = vips.Image.xyz(4000, 2000);
    const right = xy.extractBand(0).moreEq(2000);
    const image = right.ifthenelse([0, 0, 255], [255, 0, 0]).cast('uchar').copy({ interpretation: 'srgb' });
    const turned = withExifSegment(image.jpegsaveBuffer({ Q: 90, keep: 0 }), orientationOnlyExif(6));
    const response = expectOk(transcodeWithVips(vips, request(turned, 'jpeg')));
    assert.deepEqual([response.width, response.height], [768, 1536]);
    const pixels = await decodePixels(response.bytes);
    const at = (x: number, y: number) => Array.from(pixels.data.subarray((y * pixels.width + x) * pixels.bands, (y * pixels.width + x) * pixels.bands + 3));
    const [topRed, , topBlue] = at(384, 300);
    const [bottomRed, , bottomBlue] = at(384, 1236);
    assert.ok(topRed > 200 && topBlue < 50, `top should be red, was ${at(384, 300).join(',')}`);
    assert.ok(bottomBlue > 200 && bottomRed < 50, `bottom should be blue, was ${at(384, 1236).join(',')}`);
  });
});

/** The allocation count once it is back to `expected`, or the last one seen after about two seconds. */
async function settledAllocations(count: () => number, expected: number): Promise<number> {
  for (let tries = 0; tries < 40 && count() !== expected; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return count();
}
