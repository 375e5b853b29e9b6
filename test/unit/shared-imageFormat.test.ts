import * as assert from 'node:assert/strict';
import {
  IMAGE_FORMATS,
  extensionOf,
  extensionsOf,
  formatName,
  formatOfExtension,
  formatOfFileName,
  formatOfMime,
  hasExtensionOf,
  identifyOtherFormat,
  isCompleteImage,
  isImageFormat,
  mimeTypeOf,
  sniffImage,
} from '../../src/shared/imageFormat';
import { jpegBytes, pngBytes, webpExtendedBytes, webpLosslessBytes, webpLossyBytes } from './api-helpers';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('shared/imageFormat', () => {
  describe('names, MIME types and extensions', () => {
    it('writes JPEG files as .jpg and knows .jpeg as JPEG too', () => {
      assert.equal(extensionOf('jpeg'), 'jpg');
      assert.deepEqual(extensionsOf('jpeg'), ['jpg', 'jpeg']);
      assert.equal(formatOfExtension('jpeg'), 'jpeg');
      assert.equal(formatOfExtension('JPG'), 'jpeg');
      assert.equal(hasExtensionOf('jpeg', 'JPEG'), true);
      assert.equal(hasExtensionOf('png', 'jpg'), false);
      assert.equal(formatOfExtension('gif'), undefined);
      assert.equal(formatOfExtension('undefined'), undefined);
    });

    it('reads a format from a file name or path', () => {
      assert.equal(formatOfFileName('/photos/Harbour.JPEG'), 'jpeg');
      assert.equal(formatOfFileName('/photos/.webp'), 'webp');
      assert.equal(formatOfFileName('shot.png.gif'), undefined);
      assert.equal(formatOfFileName('/photos.png/readme'), undefined);
      assert.equal(formatOfFileName('png'), undefined);
      assert.equal(formatOfFileName('result.undefined'), undefined);
    });

    it('maps every format to its MIME type and back', () => {
      assert.deepEqual(IMAGE_FORMATS.map(mimeTypeOf), ['image/png', 'image/jpeg', 'image/webp']);
      for (const format of IMAGE_FORMATS) {
        assert.equal(formatOfMime(mimeTypeOf(format)), format);
        assert.equal(formatOfExtension(extensionOf(format)), format);
      }
    });

    it('names formats as people write them, the other ones too', () => {
      assert.deepEqual(IMAGE_FORMATS.map(formatName), ['PNG', 'JPEG', 'WebP']);
      assert.deepEqual((['gif', 'bmp', 'tiff', 'heic', 'avif', 'svg'] as const).map(formatName), ['GIF', 'BMP', 'TIFF', 'HEIC', 'AVIF', 'SVG']);
    });

    it('tells its formats from anything else', () => {
      assert.equal(isImageFormat('webp'), true);
      assert.equal(isImageFormat('jpg'), false);
      assert.equal(isImageFormat('gif'), false);
      assert.equal(isImageFormat(undefined), false);
    });
  });


  describe('sniffImage', () => {
    it('reads a PNG size from IHDR', () => {
      assert.deepEqual(sniffImage(pngBytes(1344, 768)), {
        format: 'png', width: 1344, height: 768, mimeType: 'image/png', extension: 'png',
      });
    });

    it('reads a JPEG size from the SOF0 segment, skipping APP0 and DHT', () => {
      assert.deepEqual(sniffImage(jpegBytes(1024, 683)), {
        format: 'jpeg', width: 1024, height: 683, mimeType: 'image/jpeg', extension: 'jpg',
      });
    });

    it('reads progressive (SOF2) JPEGs too', () => {
      assert.equal(sniffImage(jpegBytes(640, 480, { sof: 0xc2 }))?.width, 640);
    });

    it('reads WebP sizes from VP8, VP8L and VP8X headers', () => {
      assert.deepEqual(sniffImage(webpLossyBytes(800, 600)), {
        format: 'webp', width: 800, height: 600, mimeType: 'image/webp', extension: 'webp',
      });
      assert.equal(sniffImage(webpLosslessBytes(1536, 640))?.width, 1536);
      assert.equal(sniffImage(webpLosslessBytes(1536, 640))?.height, 640);
      assert.equal(sniffImage(webpExtendedBytes(2048, 1152))?.width, 2048);
      assert.equal(sniffImage(webpExtendedBytes(2048, 1152))?.height, 1152);
    });

    it('refuses HTML, text, empty and headers cut inside the size fields', () => {
      assert.equal(sniffImage(text('<!DOCTYPE html><html><body>403</body></html>')), undefined);
      assert.equal(sniffImage(new Uint8Array(0)), undefined);
      assert.equal(sniffImage(pngBytes(10, 10).subarray(0, 20)), undefined);
      assert.equal(sniffImage(jpegBytes(10, 10).subarray(0, 30)), undefined);
      assert.equal(sniffImage(webpLossyBytes(10, 10).subarray(0, 26)), undefined);
    });

    it('refuses a zero-sized image', () => {
      assert.equal(sniffImage(pngBytes(0, 10)), undefined);
    });
  });

  describe('isCompleteImage', () => {
    it('accepts whole PNG, JPEG and WebP files', () => {
      for (const bytes of [pngBytes(4, 4), jpegBytes(4, 4), webpLosslessBytes(4, 4), webpLossyBytes(4, 4), webpExtendedBytes(4, 4)]) {
        assert.equal(isCompleteImage(bytes), true);
      }
    });

    it('rejects a PNG without IEND and one cut inside a chunk', () => {
      assert.equal(isCompleteImage(pngBytes(4, 4, { withEnd: false })), false);
      const whole = pngBytes(4, 4);
      assert.equal(isCompleteImage(whole.subarray(0, whole.length - 3)), false);
    });

    it('rejects a JPEG without its end marker, tolerating zero padding after it', () => {
      assert.equal(isCompleteImage(jpegBytes(4, 4, { withEnd: false })), false);
      const padded = new Uint8Array([...jpegBytes(4, 4), 0, 0, 0]);
      assert.equal(isCompleteImage(padded), true);
    });

    it('rejects a WebP shorter than its RIFF size says', () => {
      const whole = webpLossyBytes(4, 4);
      assert.equal(isCompleteImage(whole.subarray(0, whole.length - 2)), false);
    });

    it('rejects what is not an image at all', () => {
      assert.equal(isCompleteImage(text('<html></html>')), false);
    });
  });

  describe('identifyOtherFormat', () => {
    it('names GIF, BMP, TIFF, SVG, HEIC and AVIF', () => {
      assert.equal(identifyOtherFormat(text('GIF89a\x01\x00\x01\x00')), 'gif');
      assert.equal(identifyOtherFormat(Uint8Array.from([0x42, 0x4d, ...new Array<number>(40).fill(0)])), 'bmp');
      assert.equal(identifyOtherFormat(Uint8Array.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])), 'tiff');
      assert.equal(identifyOtherFormat(Uint8Array.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])), 'tiff');
      assert.equal(identifyOtherFormat(text('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"></svg>')), 'svg');
      assert.equal(identifyOtherFormat(text('<?xml version="1.0"?>\n<svg></svg>')), 'svg');
      const ftyp = (major: string, ...compatible: string[]): Uint8Array => {
        const body = text(`ftyp${major}\0\0\0\0${compatible.join('')}`);
        return Uint8Array.from([0, 0, 0, body.length + 4, ...body]);
      };
      assert.equal(identifyOtherFormat(ftyp('heic', 'mif1', 'heic')), 'heic');
      assert.equal(identifyOtherFormat(ftyp('avif', 'mif1', 'miaf')), 'avif');
      assert.equal(identifyOtherFormat(ftyp('mif1', 'avif')), 'avif');
      assert.equal(identifyOtherFormat(ftyp('isom', 'mp41')), undefined);
    });

    it('names nothing for PNG, JPEG, WebP or HTML', () => {
      assert.equal(identifyOtherFormat(pngBytes(2, 2)), undefined);
      assert.equal(identifyOtherFormat(jpegBytes(2, 2)), undefined);
      assert.equal(identifyOtherFormat(webpLossyBytes(2, 2)), undefined);
      assert.equal(identifyOtherFormat(text('<html><body>no</body></html>')), undefined);
    });
  });
});
