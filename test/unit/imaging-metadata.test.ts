import * as assert from 'node:assert/strict';
import { readExifOrientation, orientationOnlyExif } from '../../src/imaging/exifOrientation';
import { stripJpegMetadata } from '../../src/imaging/jpegMetadata';
import { stripPngMetadata } from '../../src/imaging/pngMetadata';
import { prepareUpload, type PrepareOptions } from '../../src/imaging/prepareUpload';
import { stripWebpMetadata } from '../../src/imaging/webpMetadata';
import {
  PRIVATE_WORDS,
  containsText,
  decodePixels,
  exifIfd0Tags,
  expectStripped,
  fixture,
  jpegSegments,
  pngChunkTypes,
  testVips,
  webpChunkTypes,
  withExifSegment,
} from '../fixtures/imaging/support';

const GPS_IFD_POINTER = 0x8825;
const ORIENTATION = 0x0112;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const COM = 0xfe;

const STRIP: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * 2 ** 20 };
const KEEP: PrepareOptions = { ...STRIP, keepMetadata: true };

function assertNoPrivateWords(bytes: Uint8Array): void {
  for (const word of PRIVATE_WORDS) {
    assert.equal(containsText(bytes, word), false, `"${word}" is still in the bytes`);
  }
}

function exifPayloads(bytes: Uint8Array): Uint8Array[] {
  return jpegSegments(bytes)
    .filter((segment) => segment.marker === APP1)
    .map((segment) => segment.payload);
}

describe('imaging: metadata removal without re-encoding', function () {
  this.timeout(30_000);

  describe('JPEG', () => {
    it('the fixture really carries GPS, XMP, IPTC and a comment (so the removal tests mean something)', () => {
      const bytes = fixture('gps-photo.jpg');
      const markers = jpegSegments(bytes).map((segment) => segment.marker);
      assert.ok(markers.includes(APP13) && markers.includes(COM));
      assert.ok(exifPayloads(bytes).some((payload) => containsText(payload, 'Exif') && exifIfd0Tags(payload).includes(GPS_IFD_POINTER)));
      assert.ok(containsText(bytes, 'http://ns.adobe.com/xap/1.0/'));
      assert.ok(containsText(bytes, 'Jane Example'));
    });

    it('drops Exif (GPS, camera), XMP, IPTC and comments and leaves the compressed pixels alone', async () => {
      const original = fixture('gps-photo.jpg');
      const stripped = expectStripped(stripJpegMetadata(original));
      assert.deepEqual(exifPayloads(stripped.bytes), []);
      const markers = jpegSegments(stripped.bytes).map((segment) => segment.marker);
      assert.equal(markers.includes(APP13), false);
      assert.equal(markers.includes(COM), false);
      assert.equal(containsText(stripped.bytes, 'http://ns.adobe.com/xap/1.0/'), false);
      assertNoPrivateWords(stripped.bytes);
      assert.ok(stripped.bytes.length < original.length);
      assert.deepEqual(await decodePixels(stripped.bytes), await decodePixels(original));
    });

    it('keeps the ICC profile (APP2) and JFIF header, which change how the pixels look', async () => {
      const original = fixture('icc-photo.jpg');
      const stripped = expectStripped(stripJpegMetadata(original)).bytes;
      const markers = jpegSegments(stripped).map((segment) => segment.marker);
      assert.equal(markers[0], 0xe0);
      const icc = jpegSegments(stripped).filter((segment) => segment.marker === APP2);
      assert.equal(icc.length, 1);
      assert.ok(containsText(icc[0].payload, 'ICC_PROFILE\0'));
      assert.ok(containsText(stripped, 'A98'), 'the profile description is still there');
      assert.deepEqual(exifPayloads(stripped), []);
      assert.deepEqual(await decodePixels(stripped), await decodePixels(original));
    });

    it('keeps only the Orientation tag of a turned photo, so it does not turn', () => {
      const stripped = expectStripped(stripJpegMetadata(fixture('gps-rotated.jpg'))).bytes;
      const exif = exifPayloads(stripped);
      assert.equal(exif.length, 1);
      assert.deepEqual(exifIfd0Tags(exif[0]), [ORIENTATION]);
      assert.equal(readExifOrientation(exif[0]), 6);
      assertNoPrivateWords(stripped);
    });

    it('drops an Exif block whose orientation is the default, instead of keeping an empty one', () => {
      const upright = withExifSegment(expectStripped(stripJpegMetadata(fixture('gps-photo.jpg'))).bytes, orientationOnlyExif(1));
      const stripped = expectStripped(stripJpegMetadata(upright));
      assert.deepEqual(exifPayloads(stripped.bytes), []);
    });

    it('cuts what follows the main image (multi-picture extras carry their own Exif)', () => {
      const main = expectStripped(stripJpegMetadata(fixture('icc-photo.jpg'))).bytes;
      const withExtra = Buffer.concat([main, fixture('gps-photo.jpg')]);
      const stripped = expectStripped(stripJpegMetadata(withExtra));
      assert.deepEqual(Buffer.from(stripped.bytes), Buffer.from(main));
    });

    it('returns the very same bytes when there is nothing to remove', () => {
      const clean = expectStripped(stripJpegMetadata(fixture('gps-photo.jpg'))).bytes;
      const again = stripJpegMetadata(clean);
      assert.equal(again.kind, 'nothing-to-remove');
      assert.equal(again.kind === 'nothing-to-remove' && again.bytes, clean);
    });

    it('handles progressive JPEGs (tables between scans)', async () => {
      const vips = await testVips();
      const progressive = vips.Image.newFromBuffer(fixture('gps-photo.jpg')).jpegsaveBuffer({ Q: 80, interlace: true, keep: 1 });
      assert.ok(exifPayloads(progressive).length > 0, 'libvips kept the Exif for this test');
      const stripped = expectStripped(stripJpegMetadata(progressive));
      assert.deepEqual(exifPayloads(stripped.bytes), []);
      assert.deepEqual(await decodePixels(stripped.bytes), await decodePixels(progressive));
    });
  });

  describe('PNG', () => {
    it('drops XMP (iTXt), text, eXIf and tIME chunks and keeps the image chunks byte for byte', async () => {
      const original = fixture('xmp.png');
      const before = pngChunkTypes(original);
      assert.ok(before.includes('iTXt') || before.includes('tEXt'), 'fixture has text chunks');
      assert.ok(before.includes('eXIf'), 'fixture has an eXIf chunk');
      const stripped = expectStripped(stripPngMetadata(original));
      const after = pngChunkTypes(stripped.bytes);
      for (const type of ['iTXt', 'tEXt', 'zTXt', 'eXIf', 'tIME']) {
        assert.equal(after.includes(type), false, `${type} is still there`);
      }
      assert.deepEqual(after.filter((type) => type === 'IDAT').length, before.filter((type) => type === 'IDAT').length);
      assert.equal(after.at(-1), 'IEND');
      assert.equal(containsText(stripped.bytes, 'http://ns.adobe.com/xap/1.0/'), false);
      assertNoPrivateWords(stripped.bytes);
      assert.deepEqual(await decodePixels(stripped.bytes), await decodePixels(original));
    });

    it('keeps colour chunks (gAMA, cHRM, sRGB, iCCP) and transparency', () => {
      const stripped = expectStripped(stripPngMetadata(fixture('xmp.png'))).bytes;
      const kept = pngChunkTypes(fixture('xmp.png')).filter((type) => ['gAMA', 'cHRM', 'sRGB', 'iCCP', 'bKGD', 'tRNS'].includes(type));
      assert.ok(kept.length > 0, 'fixture has colour chunks');
      assert.deepEqual(pngChunkTypes(stripped).filter((type) => kept.includes(type)), kept);
    });
  });

  describe('WebP', () => {
    it('drops the EXIF and XMP chunks, clears their VP8X flags and fixes the RIFF size', async () => {
      const original = fixture('xmp.webp');
      assert.deepEqual(
        webpChunkTypes(original).filter((type) => type === 'EXIF' || type === 'XMP '),
        ['EXIF', 'XMP '],
      );
      const stripped = expectStripped(stripWebpMetadata(original));
      assert.deepEqual(webpChunkTypes(stripped.bytes).filter((type) => type === 'EXIF' || type === 'XMP '), []);
      assert.equal(stripped.bytes[20] & 0x0c, 0, 'EXIF and XMP flags cleared');
      assert.equal(Buffer.from(stripped.bytes).readUInt32LE(4), stripped.bytes.length - 8);
      assertNoPrivateWords(stripped.bytes);
      assert.deepEqual(await decodePixels(stripped.bytes), await decodePixels(original));
    });
  });

  describe('prepareUpload on small, light files (the as-is path)', () => {
    for (const [name, mimeType] of [
      ['gps-photo.jpg', 'image/jpeg'],
      ['xmp.png', 'image/png'],
      ['xmp.webp', 'image/webp'],
    ] as const) {
      it(`${name}: sends it with the metadata removed and the pixels unchanged`, async () => {
        const original = fixture(name);
        const result = await prepareUpload(name, original, STRIP);
        assert.ok(result.ok, result.ok ? '' : result.message);
        const { upload } = result;
        assert.equal(upload.action, 'metadata-stripped');
        assert.equal(upload.mimeType, mimeType);
        assert.equal(upload.fileName, name);
        assertNoPrivateWords(upload.bytes);
        const [sent, source] = [await decodePixels(upload.bytes), await decodePixels(original)];
        assert.deepEqual(sent, source);
        assert.deepEqual([upload.width, upload.height], [source.width, source.height]);
      });

      it(`${name}: with keepImageMetadata the file goes exactly as it is`, async () => {
        const original = fixture(name);
        const result = await prepareUpload(name, original, KEEP);
        assert.ok(result.ok);
        assert.equal(result.upload.action, 'as-is');
        assert.deepEqual(Buffer.from(result.upload.bytes), Buffer.from(original));
        assert.ok(containsText(result.upload.bytes, 'Jane Example'));
      });
    }

    it('a file with no metadata at all goes as-is, and a wrong extension is corrected', async () => {
      const clean = expectStripped(stripJpegMetadata(fixture('gps-photo.jpg'))).bytes;
      const result = await prepareUpload('holiday.png', clean, STRIP);
      assert.ok(result.ok);
      assert.equal(result.upload.action, 'as-is');
      assert.equal(result.upload.fileName, 'holiday.jpg');
      assert.equal(result.upload.sourceFormat, 'jpeg');
    });
  });
});
