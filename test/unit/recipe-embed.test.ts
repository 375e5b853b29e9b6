import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { withRecipe } from '../../src/recipe/embed';
import { readRecipe } from '../../src/recipe/readRecipe';
import type { Recipe } from '../../src/recipe/recipe';
import { ascii, readUint32BE, readUint32LE } from '../../src/shared/bytes';
import { exifToolValidation, readXmpWithExifTool } from '../fixtures/imaging/exiftool';
import { containsText, decodePixels, fixture, jpegSegments, pngChunkTypes, testVips, webpChunkTypes, withExifSegment } from '../fixtures/imaging/support';
import { expectedProperties, sampleRecipe } from './recipe-support';

type Extension = 'png' | 'webp' | 'jpg';

function embedded(original: Uint8Array, recipe: Recipe): Uint8Array {
  const before = Uint8Array.from(original);
  const result = withRecipe(original, recipe);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.ok(Buffer.from(original).equals(Buffer.from(before)), 'the input bytes are left as they were');
  return result.bytes;
}

/** What every format must give: ExifTool reads every field and warns of nothing, pixels unchanged, our reader agrees. */
async function assertCarriesRecipe(original: Uint8Array, saved: Uint8Array, extension: Extension, recipe: Recipe): Promise<void> {
  const tags = await readXmpWithExifTool(saved, extension);
  const ours = Object.fromEntries(
    Object.entries(tags)
      .filter(([key]) => key.startsWith('XMP-fluxRedux:'))
      .map(([key, value]) => [key.slice('XMP-fluxRedux:'.length), String(value)]),
  );
  assert.deepEqual(ours, asExifToolShowsThem(expectedProperties(recipe)));
  assert.deepEqual(await exifToolValidation(saved, extension), ['Validate: OK']);
  assert.deepEqual(await decodePixels(saved), await decodePixels(original));
  assert.deepEqual(readRecipe(saved), { kind: 'recipe', recipe });
  assert.equal(containsText(saved, '/home/'), false, 'no absolute path');
}

/**
 * ExifTool recognises the types of the values it reads: the XMP Boolean comes out as JSON
 * true/false, the ISO date in its own "YYYY:MM:DD hh:mm:ss" form.
 */
function asExifToolShowsThem(properties: Record<string, string>): Record<string, string> {
  return {
    ...properties,
    DisableSafetyChecker: properties.DisableSafetyChecker.toLowerCase(),
    CreatedAt: properties.CreatedAt.replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$1:$2:$3 '),
  };
}

async function vipsImage(bands: 3 | 4) {
  const vips = await testVips();
  const xy = vips.Image.xyz(64, 48);
  const red = xy.extractBand(0).linear(4, 0);
  const green = xy.extractBand(1).linear(5, 0);
  const blue = red.linear(0.5, 64);
  const alpha = xy.extractBand(0).linear(3, 40);
  const image = bands === 4 ? red.bandjoin([green, blue, alpha]) : red.bandjoin([green, blue]);
  return image.cast('uchar').copy({ interpretation: 'srgb' });
}

function pngXmpChunkCount(bytes: Uint8Array): number {
  let count = 0;
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = readUint32BE(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    assert.equal(zlib.crc32(bytes.subarray(offset + 4, offset + 8 + length)), readUint32BE(bytes, offset + 8 + length), `CRC of ${type}`);
    if (type === 'iTXt' && ascii(bytes, offset + 8, 18) === 'XML:com.adobe.xmp\0') {
      count++;
      assert.deepEqual([...bytes.subarray(offset + 26, offset + 30)], [0, 0, 0, 0], 'uncompressed, empty language and translated keyword');
    }
    offset += 12 + length;
  }
  return count;
}

/** The VP8X flags and canvas, and checks of the RIFF size and even chunk sizes. */
function webpLayout(bytes: Uint8Array): { flags: number; width: number; height: number } {
  assert.equal(readUint32LE(bytes, 4), bytes.length - 8, 'RIFF size');
  assert.equal(bytes.length % 2, 0);
  assert.equal(ascii(bytes, 12, 4), 'VP8X');
  const flags = bytes[20];
  const width = (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)) + 1;
  const height = (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)) + 1;
  return { flags, width, height };
}

const XMP_FLAG = 0x04;
const ALPHA_FLAG = 0x10;
const APP0 = 0xe0;
const APP1 = 0xe1;

/** A JFIF APP0 (version 1.1, no thumbnail) right after SOI, as most encoders write it. */
function withJfifApp0(jpeg: Uint8Array): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from(app0), jpeg.subarray(2)]);
}

function isXmpApp1(segment: { marker: number; payload: Uint8Array }): boolean {
  return segment.marker === APP1 && ascii(segment.payload, 0, 29) === 'http://ns.adobe.com/xap/1.0/\0';
}

function isExifApp1(segment: { marker: number; payload: Uint8Array }): boolean {
  return segment.marker === APP1 && ascii(segment.payload, 0, 6) === 'Exif\0\0';
}

/** One XMP APP1, after the leading APP0/Exif segments, before the frame header. */
function assertJpegPlacement(bytes: Uint8Array): void {
  const segments = jpegSegments(bytes);
  const xmp = segments.findIndex(isXmpApp1);
  assert.equal(segments.filter(isXmpApp1).length, 1);
  assert.ok(segments.slice(0, xmp).every((segment) => segment.marker === APP0 || isExifApp1(segment)), 'only APP0 and Exif before XMP');
  const sof = segments.findIndex((segment) => segment.marker >= 0xc0 && segment.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(segment.marker));
  assert.ok(sof > xmp, 'XMP before SOF');
  assert.ok(segments[xmp].payload.length + 2 < 65536);
}

describe('recipe: XMP written into saved files, read back by ExifTool', function () {
  this.timeout(60_000);
  const recipe = sampleRecipe();

  it('keeps a source named "a & <b>.png" as it is, escaped in the packet', () => {
    assert.equal(recipe.sourceName, 'a & <b>.png');
  });

  describe('PNG', () => {
    it('with alpha: an uncompressed iTXt before the first IDAT, CRCs right, pixels unchanged', async () => {
      const original = (await vipsImage(4)).pngsaveBuffer({ keep: 0 });
      const saved = embedded(original, recipe);
      const types = pngChunkTypes(saved);
      assert.ok(types.indexOf('iTXt') < types.indexOf('IDAT') && types.indexOf('iTXt') > 0, types.join(','));
      assert.equal(pngXmpChunkCount(saved), 1);
      await assertCarriesRecipe(original, saved, 'png', recipe);
    });

    it('replaces the XMP a file already has instead of adding a second', async () => {
      const original = fixture('xmp.png');
      assert.equal(pngXmpChunkCount(original), 1);
      const saved = embedded(original, recipe);
      assert.equal(pngXmpChunkCount(saved), 1);
      const tags = await readXmpWithExifTool(saved, 'png');
      assert.deepEqual(Object.keys(tags).filter((key) => key.startsWith('XMP-') && !key.startsWith('XMP-fluxRedux:') && key !== 'XMP-x:XMPToolkit'), []);
      await assertCarriesRecipe(original, saved, 'png', recipe);
    });

    it('replaces its own recipe when saved again', async () => {
      const original = (await vipsImage(3)).pngsaveBuffer({ keep: 0 });
      const again = embedded(embedded(original, sampleRecipe('first.png')), recipe);
      assert.equal(pngXmpChunkCount(again), 1);
      await assertCarriesRecipe(original, again, 'png', recipe);
    });
  });

  describe('WebP', () => {
    const cases: Array<{ title: string; options: Record<string, unknown>; bands: 3 | 4; first: string; alpha: boolean }> = [
      { title: 'simple lossy (VP8)', options: { Q: 80 }, bands: 3, first: 'VP8 ', alpha: false },
      { title: 'simple lossless (VP8L)', options: { lossless: true }, bands: 3, first: 'VP8L', alpha: false },
      { title: 'simple lossless with alpha (VP8L)', options: { lossless: true }, bands: 4, first: 'VP8L', alpha: true },
      { title: 'lossy with alpha (already extended: VP8X, ALPH)', options: { Q: 80 }, bands: 4, first: 'VP8X', alpha: true },
    ];
    for (const { title, options, bands, first, alpha } of cases) {
      it(`${title}: VP8X first with the XMP${alpha ? ' and alpha' : ''} flag, canvas of the bitstream, XMP after the image`, async () => {
        const original = (await vipsImage(bands)).webpsaveBuffer({ ...options, keep: 0 });
        assert.equal(webpChunkTypes(original)[0], first, 'the case is the one it says');
        const saved = embedded(original, recipe);
        const layout = webpLayout(saved);
        assert.equal(layout.flags & XMP_FLAG, XMP_FLAG);
        assert.equal(layout.flags & ALPHA_FLAG, alpha ? ALPHA_FLAG : 0);
        assert.deepEqual([layout.width, layout.height], [64, 48]);
        const types = webpChunkTypes(saved);
        assert.equal(types[types.length - 1], 'XMP ', types.join(','));
        assert.equal(types.filter((type) => type === 'XMP ').length, 1);
        await assertCarriesRecipe(original, saved, 'webp', recipe);
      });
    }

    it('an extended file with EXIF and XMP: its XMP is replaced, EXIF kept before it, flags kept', async () => {
      const original = fixture('xmp.webp');
      const before = webpLayout(original);
      const saved = embedded(original, recipe);
      const after = webpLayout(saved);
      assert.equal(after.flags, before.flags | XMP_FLAG);
      assert.deepEqual([after.width, after.height], [before.width, before.height]);
      const types = webpChunkTypes(saved);
      assert.equal(types.filter((type) => type === 'XMP ').length, 1);
      assert.ok(types.indexOf('EXIF') < types.indexOf('XMP '), types.join(','));
      await assertCarriesRecipe(original, saved, 'webp', recipe);
    });
  });

  describe('JPEG', () => {
    it('with JFIF APP0: one XMP APP1 after APP0, before SOF', async () => {
      const original = withJfifApp0((await vipsImage(3)).jpegsaveBuffer({ Q: 90, keep: 0 }));
      const saved = embedded(original, recipe);
      const segments = jpegSegments(saved);
      assert.ok(segments[0].marker === APP0 && isXmpApp1(segments[1]));
      assertJpegPlacement(saved);
      await assertCarriesRecipe(original, saved, 'jpg', recipe);
    });

    it('without APP0: the XMP APP1 right after SOI', async () => {
      const original = (await vipsImage(3)).jpegsaveBuffer({ Q: 90, keep: 0 });
      assert.ok(jpegSegments(original).every((segment) => segment.marker !== APP0), 'the case is the one it says');
      const saved = embedded(original, recipe);
      assert.ok(isXmpApp1(jpegSegments(saved)[0]));
      assertJpegPlacement(saved);
      await assertCarriesRecipe(original, saved, 'jpg', recipe);
    });

    it('with APP0 and Exif: the XMP APP1 after both', async () => {
      const plain = (await vipsImage(3)).jpegsaveBuffer({ Q: 90, keep: 0 });
      const exifPayload = jpegSegments(fixture('gps-photo.jpg')).find(isExifApp1)?.payload;
      assert.ok(exifPayload);
      const original = withJfifApp0(withExifSegment(plain, exifPayload));
      const saved = embedded(original, recipe);
      const segments = jpegSegments(saved);
      assert.ok(segments[0].marker === APP0 && isExifApp1(segments[1]) && isXmpApp1(segments[2]), 'SOI, APP0, Exif, XMP');
      assertJpegPlacement(saved);
      await assertCarriesRecipe(original, saved, 'jpg', recipe);
    });

    it('with Exif and no APP0: the XMP APP1 after the Exif segment', async () => {
      const plain = (await vipsImage(3)).jpegsaveBuffer({ Q: 90, keep: 0 });
      const exifPayload = jpegSegments(fixture('gps-photo.jpg')).find(isExifApp1)?.payload;
      assert.ok(exifPayload);
      const original = withExifSegment(plain, exifPayload);
      const saved = embedded(original, recipe);
      const segments = jpegSegments(saved);
      assert.ok(isExifApp1(segments[0]) && isXmpApp1(segments[1]), 'SOI, Exif, XMP');
      assertJpegPlacement(saved);
      await assertCarriesRecipe(original, saved, 'jpg', recipe);
    });

    it('replaces the XMP a camera file already has (Exif, XMP, IPTC, comment)', async () => {
      const original = fixture('gps-photo.jpg');
      assert.ok(jpegSegments(original).some(isXmpApp1));
      const saved = embedded(original, recipe);
      assertJpegPlacement(saved);
      const tags = await readXmpWithExifTool(saved, 'jpg');
      assert.deepEqual(Object.keys(tags).filter((key) => key.startsWith('XMP-dc:')), []);
      await assertCarriesRecipe(original, saved, 'jpg', recipe);
    });
  });

  it('refuses what is no PNG, JPEG or WebP, and a cut-off file, with a reason', () => {
    const notImage = withRecipe(new TextEncoder().encode('GIF89a…'), recipe);
    assert.equal(notImage.ok, false);
    const png = fixture('xmp.png');
    const cut = withRecipe(png.subarray(0, 200), recipe);
    assert.equal(cut.ok, false);
  });
});
