import * as assert from 'node:assert/strict';
import { orientationOnlyExif } from '../../src/imaging/exifOrientation';
import { DOWNSCALED_MAX_BYTES, prepareUpload, type PrepareOptions, type PrepareResult, type PreparedUpload } from '../../src/imaging/prepareUpload';
import {
  PRIVATE_WORDS,
  containsText,
  decodePixels,
  exifIfd0Tags,
  fixture,
  gradientJpeg,
  jpegSegments,
  noiseImage,
  testVips,
  withExifSegment,
} from '../fixtures/imaging/support';
import type { TranscodeRequest } from '../../src/imaging/transcodeProtocol';
import type { ImageTranscoder } from '../../src/imaging/workerTranscoder';
import { photoLikePng, rgbPng } from '../integration/support/pngFixture';

const MB = 2 ** 20;
const DEFAULTS: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * MB };
const GPS_IFD_POINTER = 0x8825;

function expectUpload(result: PrepareResult): PreparedUpload {
  assert.ok(result.ok, result.ok ? '' : `refused: ${result.message}`);
  return result.upload;
}

function expectRefusal(result: PrepareResult): string {
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? '' : result.message;
}

/** The Exif block of the GPS fixture (camera, artist, GPS), to put into generated photos. */
function cameraExif(): Uint8Array {
  const app1 = jpegSegments(fixture('gps-photo.jpg')).find((segment) => segment.marker === 0xe1 && containsText(segment.payload, 'Exif'));
  assert.ok(app1);
  return app1.payload;
}

describe('imaging: prepareUpload (libvips in a worker)', function () {
  // Each transcode starts a worker and libvips; a busy 2-core machine needs the room.
  this.timeout(120_000);

  let largePhoto: Uint8Array;

  before(async () => {
    largePhoto = withExifSegment(await gradientJpeg(4000, 3000), cameraExif());
  });

  describe('downscaling', () => {
    it('scales a 12-megapixel photo to a long side of 1536, keeping its aspect, within 1.5 MB, with no GPS', async () => {
      const upload = expectUpload(await prepareUpload('IMG_0001.JPG', largePhoto, DEFAULTS));
      assert.equal(upload.action, 'downscaled');
      assert.equal(upload.sourceFormat, 'jpeg');
      assert.equal(upload.mimeType, 'image/jpeg');
      assert.equal(upload.fileName, 'IMG_0001.JPG');
      assert.deepEqual([upload.width, upload.height], [1536, 1152]);
      assert.ok(upload.bytes.byteLength <= DOWNSCALED_MAX_BYTES);
      const decoded = await decodePixels(upload.bytes);
      assert.deepEqual([decoded.width, decoded.height], [1536, 1152]);
      for (const word of PRIVATE_WORDS) {
        assert.equal(containsText(upload.bytes, word), false, `"${word}" survived re-encoding`);
      }
      for (const segment of jpegSegments(upload.bytes).filter((s) => s.marker === 0xe1 && containsText(s.payload, 'Exif'))) {
        assert.equal(exifIfd0Tags(segment.payload).includes(GPS_IFD_POINTER), false);
      }
    });

    it('keeps the camera metadata when keepImageMetadata is on', async () => {
      const upload = expectUpload(await prepareUpload('photo.jpg', largePhoto, { ...DEFAULTS, keepMetadata: true }));
      assert.equal(upload.action, 'downscaled');
      assert.ok(containsText(upload.bytes, 'FluxTestCam'));
    });

    it('applies the EXIF orientation while re-encoding, so a turned photo arrives upright', async () => {
      const turned = withExifSegment(await gradientJpeg(2000, 1000), orientationOnlyExif(6));
      const upload = expectUpload(await prepareUpload('turned.jpg', turned, DEFAULTS));
      assert.equal(upload.action, 'downscaled');
      assert.deepEqual([upload.width, upload.height], [768, 1536]);
      const decoded = await decodePixels(upload.bytes);
      assert.deepEqual([decoded.width, decoded.height], [768, 1536], 'stored upright, not merely tagged');
    });

    it('keeps transparency: a large PNG with alpha comes out as PNG or WebP with four bands', async () => {
      const png = await noiseImage(2000, 1600, 'png', true);
      const upload = expectUpload(await prepareUpload('layer.png', png, DEFAULTS));
      assert.equal(upload.action, 'downscaled');
      assert.ok(upload.mimeType === 'image/png' || upload.mimeType === 'image/webp', upload.mimeType);
      assert.deepEqual([upload.width, upload.height], [1536, 1229]);
      assert.ok(upload.bytes.byteLength <= DOWNSCALED_MAX_BYTES);
      assert.equal((await decodePixels(upload.bytes)).bands, 4);
      assert.match(upload.fileName, /^layer\.(png|webp)$/);
    });

    it('lowers the quality as far as needed: even pure noise ends within 1.5 MB', async () => {
      const noise = await noiseImage(3000, 3000, 'jpeg');
      assert.ok(noise.byteLength > 4 * MB, 'the source is heavy');
      const upload = expectUpload(await prepareUpload('noise.jpg', noise, DEFAULTS));
      assert.ok(upload.bytes.byteLength <= DOWNSCALED_MAX_BYTES, `${upload.bytes.byteLength} bytes`);
      assert.ok(Math.max(upload.width, upload.height) <= 1536);
      await decodePixels(upload.bytes);
    });

    it('fits a lower upload limit too, shrinking further when quality alone is not enough', async () => {
      const noise = await noiseImage(1200, 900, 'jpeg');
      const limit = 150 * 1024;
      const upload = expectUpload(await prepareUpload('noise.jpg', noise, { ...DEFAULTS, maxUploadBytes: limit }));
      assert.ok(upload.bytes.byteLength <= limit, `${upload.bytes.byteLength} bytes`);
      assert.ok(upload.width < 1200, 'shrunk');
      assert.ok(Math.abs(upload.width / upload.height - 4 / 3) < 0.01, 'aspect kept');
    });

    it('re-encodes a file small in pixels but heavy in bytes, keeping its size in pixels', async () => {
      const heavy = await noiseImage(1400, 1000, 'jpeg');
      assert.ok(heavy.byteLength > DOWNSCALED_MAX_BYTES);
      const upload = expectUpload(await prepareUpload('heavy.jpg', heavy, DEFAULTS));
      assert.equal(upload.action, 'reencoded');
      assert.deepEqual([upload.width, upload.height], [1400, 1000]);
      assert.ok(upload.bytes.byteLength < heavy.byteLength && upload.bytes.byteLength <= DOWNSCALED_MAX_BYTES);
    });

    it('turns 16-bit and CMYK sources into 8-bit sRGB that every encoder takes', async () => {
      const vips = await testVips();
      const rgb = vips.Image.newFromBuffer(await gradientJpeg(2400, 1600));
      const sixteenBit = rgb.cast('ushort').linear(257, 0).cast('ushort').copy({ interpretation: 'rgb16' }).pngsaveBuffer({ bitdepth: 16, keep: 0 });
      const cmyk = rgb.colourspace('cmyk').jpegsaveBuffer({ Q: 90, keep: 0 });
      assert.equal(String(vips.Image.newFromBuffer(sixteenBit).format), 'ushort', 'the PNG source is 16-bit');
      assert.equal(vips.Image.newFromBuffer(cmyk).bands, 4, 'the JPEG source is CMYK');
      for (const [name, bytes] of [['deep.png', sixteenBit], ['print.jpg', cmyk]] as const) {
        const upload = expectUpload(await prepareUpload(name, bytes, DEFAULTS));
        assert.equal(upload.action, 'downscaled');
        const decoded = vips.Image.newFromBuffer(upload.bytes);
        assert.deepEqual([decoded.width, decoded.height, decoded.bands, String(decoded.format), String(decoded.interpretation)], [1536, 1024, 3, 'uchar', 'srgb'], name);
      }
    });

    it('sends a small, light file as it is', async () => {
      const light = await gradientJpeg(800, 600);
      const upload = expectUpload(await prepareUpload('light.jpg', light, DEFAULTS));
      assert.equal(upload.action, 'as-is');
      assert.deepEqual(Buffer.from(upload.bytes), Buffer.from(light));
    });
  });

  describe('with downscaleBeforeUpload off', () => {
    const OFF: PrepareOptions = { ...DEFAULTS, downscale: false };

    it('sends a large photo at full size, metadata removed', async () => {
      const upload = expectUpload(await prepareUpload('big.jpg', largePhoto, OFF));
      assert.equal(upload.action, 'metadata-stripped');
      assert.deepEqual([upload.width, upload.height], [4000, 3000]);
      assert.equal(containsText(upload.bytes, 'FluxTestCam'), false);
    });

    it('refuses a file over fluxRedux.maxUploadMB, naming the setting and the way out', async () => {
      const message = expectRefusal(await prepareUpload('big.jpg', largePhoto, { ...OFF, maxUploadBytes: 64 * 1024 }));
      assert.match(message, /big\.jpg/);
      assert.match(message, /fluxRedux\.maxUploadMB/);
      assert.match(message, /fluxRedux\.downscaleBeforeUpload/);
    });
  });

  describe('limits', () => {
    it('refuses when even the smallest preparation is over the limit, naming the setting', async () => {
      const noise = await noiseImage(600, 600, 'jpeg');
      const message = expectRefusal(await prepareUpload('noise.jpg', noise, { ...DEFAULTS, maxUploadBytes: 600 }));
      assert.match(message, /noise\.jpg/);
      assert.match(message, /upload limit/);
      assert.match(message, /fluxRedux\.maxUploadMB/);
    });
  });

  describe('conversion', () => {
    it('converts a GIF (first frame) to a PNG that decodes at the same size', async () => {
      const upload = expectUpload(await prepareUpload('drawing.gif', fixture('drawing.gif'), DEFAULTS));
      assert.equal(upload.action, 'converted');
      assert.equal(upload.sourceFormat, 'gif');
      assert.equal(upload.mimeType, 'image/png');
      assert.equal(upload.fileName, 'drawing.png');
      const decoded = await decodePixels(upload.bytes);
      assert.deepEqual([decoded.width, decoded.height], [120, 80]);
    });

    it('converts BMPs to PNG, keeping the colours and transparency', async () => {
      const opaque = expectUpload(await prepareUpload('drawing.bmp', fixture('drawing.bmp'), DEFAULTS));
      assert.equal(opaque.mimeType, 'image/png');
      const pixels = await decodePixels(opaque.bytes);
      assert.equal(pixels.bands, 3);
      const at = (20 * pixels.width + 20) * 3;
      assert.deepEqual([...pixels.data.subarray(at, at + 3)], [0, 128, 0]);
      const withAlpha = expectUpload(await prepareUpload('alpha.bmp', fixture('alpha.bmp'), DEFAULTS));
      assert.equal((await decodePixels(withAlpha.bytes)).bands, 4);
    });

    it('converts TIFF and AVIF', async () => {
      const tiff = expectUpload(await prepareUpload('scan.tiff', fixture('photo.tiff'), DEFAULTS));
      assert.equal(tiff.sourceFormat, 'tiff');
      assert.deepEqual([tiff.width, tiff.height], [100, 75]);
      await decodePixels(tiff.bytes);
      const avif = expectUpload(await prepareUpload('photo.avif', fixture('photo.avif'), DEFAULTS));
      assert.equal(avif.sourceFormat, 'avif');
      assert.equal(avif.mimeType, 'image/jpeg');
      assert.deepEqual([avif.width, avif.height], [128, 96]);
      await decodePixels(avif.bytes);
    });

    it('refuses an SVG with words naming the formats it takes', async () => {
      const message = expectRefusal(await prepareUpload('logo.svg', fixture('drawing.svg'), DEFAULTS));
      assert.match(message, /logo\.svg is an SVG image/);
      assert.match(message, /PNG, JPEG and WebP/);
      assert.match(message, /GIF, BMP, TIFF and AVIF/);
    });

    it('refuses a HEIC it cannot decode, naming the format', async () => {
      const heic = new Uint8Array(Buffer.concat([
        Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(4), Buffer.from('mif1heic', 'latin1'), Buffer.alloc(64),
      ]));
      const message = expectRefusal(await prepareUpload('IMG_1.HEIC', heic, DEFAULTS));
      assert.match(message, /IMG_1\.HEIC is a HEIC image/);
      assert.match(message, /PNG, JPEG and WebP/);
    });

    it('refuses an RLE BMP and a cut-off GIF, saying they could not be read', async () => {
      assert.match(expectRefusal(await prepareUpload('rle.bmp', fixture('rle8.bmp'), DEFAULTS)), /rle\.bmp looks like a BMP image but could not be read/);
      const gif = fixture('drawing.gif');
      assert.match(expectRefusal(await prepareUpload('cut.gif', gif.subarray(0, 40), DEFAULTS)), /cut\.gif looks like a GIF image but could not be read/);
    });
  });

  describe('files that are not images', () => {
    it('refuses an empty file', async () => {
      assert.match(expectRefusal(await prepareUpload('empty.png', new Uint8Array(), DEFAULTS)), /empty\.png is empty \(0 bytes\)/);
    });

    it('refuses text, whatever its name says', async () => {
      const message = expectRefusal(await prepareUpload('notes.png', new TextEncoder().encode('just some notes'), DEFAULTS));
      assert.match(message, /notes\.png is not an image/);
      assert.match(message, /PNG, JPEG and WebP/);
    });

    it('refuses cut-off PNG and JPEG files before any decoding', async () => {
      const png = fixture('xmp.png');
      assert.match(expectRefusal(await prepareUpload('a/b/cut.png', png.subarray(0, png.length / 2), DEFAULTS)), /^cut\.png looks like a PNG image but is cut off/);
      const jpeg = fixture('gps-photo.jpg');
      assert.match(expectRefusal(await prepareUpload('cut.jpg', jpeg.subarray(0, jpeg.length - 100), DEFAULTS)), /cut\.jpg looks like a JPEG image but is cut off/);
    });
  });
});

describe('imaging: the first encoding tried for a large PNG', () => {
  /** Records what is asked of the codec; the answer does not matter here. */
  async function firstRequestFor(png: Uint8Array): Promise<TranscodeRequest> {
    const asked: TranscodeRequest[] = [];
    const transcoder: ImageTranscoder = {
      transcode: async (request) => {
        asked.push(request);
        return { ok: false, reason: 'failed', detail: 'recorded only' };
      },
    };
    await prepareUpload('big.png', png, DEFAULTS, { transcoder });
    assert.equal(asked.length, 1);
    return asked[0];
  }

  it('starts with PNG for a drawing, light per pixel, which can stay lossless', async () => {
    const drawing = rgbPng(2400, 1600, (x, y) => ((x >> 6) + (y >> 6)) % 2 === 0 ? [20, 90, 200] : [250, 250, 250]);
    const request = await firstRequestFor(drawing);
    assert.equal(request.preferLossless, true);
    assert.equal(request.maxLongSide, 1536);
  });

  it('goes straight to a lossy encoding for a photo saved as PNG, which could not fit as PNG', async () => {
    const photo = photoLikePng(2400, 1600, 7);
    assert.ok(photo.byteLength * (1536 / 2400) ** 2 > DOWNSCALED_MAX_BYTES * 1.25, 'the fixture is heavy per pixel');
    const request = await firstRequestFor(photo);
    assert.equal(request.preferLossless, false);
    assert.equal(request.maxLongSide, 1536);
  });
});
