import * as assert from 'node:assert/strict';
import { stripJpegMetadata } from '../../src/imaging/jpegMetadata';
import { stripPngMetadata } from '../../src/imaging/pngMetadata';
import { prepareUpload, type PrepareOptions, type PrepareResult, type PreparedUpload } from '../../src/imaging/prepareUpload';
import type { StripResult } from '../../src/imaging/stripResult';
import type { TranscodeRequest, TranscodeResponse } from '../../src/imaging/transcodeProtocol';
import { stripWebpMetadata } from '../../src/imaging/webpMetadata';
import type { ImageTranscoder } from '../../src/imaging/workerTranscoder';
import {
  jpegWithReservedMarkerAfterFrameHeader,
  jpegWithStrayByteAfter,
  jpegWithStrayBytesAfterFrameHeader,
  pngWithBadCrc,
  pngWithDamagedName,
  webpWithUnnamedChunkBefore,
  webpWithWrongChunkSize,
} from '../fixtures/imaging/damaged';
import { identifyingTags, readWithExifTool } from '../fixtures/imaging/exiftool';
import { decodePixels, expectStripped, fixture } from '../fixtures/imaging/support';

const STRIP: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * 2 ** 20 };
const FULL_SIZE: PrepareOptions = { ...STRIP, downscale: false };
const KEEP: PrepareOptions = { ...STRIP, keepMetadata: true };

function expectUpload(result: PrepareResult): PreparedUpload {
  assert.ok(result.ok, result.ok ? '' : `refused: ${result.message}`);
  return result.upload;
}

function expectUnparsable(result: StripResult): string {
  assert.equal(result.kind, 'unparsable');
  return result.kind === 'unparsable' ? result.reason : '';
}

/** ExifTool must find GPS in a damaged source, or the test would prove nothing. */
async function assertCarriesGps(bytes: Uint8Array, extension: string): Promise<void> {
  const found = identifyingTags(await readWithExifTool(bytes, extension));
  assert.ok(
    found.some((tag) => tag.includes('GPSLatitude')),
    `ExifTool finds no GPS in the damaged source: ${found.join(', ')}`,
  );
}

async function assertNoMetadata(upload: PreparedUpload): Promise<void> {
  const extension = upload.fileName.split('.').pop() ?? 'bin';
  assert.deepEqual(identifyingTags(await readWithExifTool(upload.bytes, extension)), []);
}

/** Counts transcodes, and fails any: a file with nothing to remove must not be re-encoded. */
class CountingTranscoder implements ImageTranscoder {
  readonly requests: TranscodeRequest[] = [];

  transcode(request: TranscodeRequest): Promise<TranscodeResponse> {
    this.requests.push(request);
    return Promise.resolve({ ok: false, reason: 'failed', detail: 'no transcode was expected' });
  }
}

describe('imaging: metadata removal fails closed', function () {
  // Transcodes start a worker and libvips; ExifTool is a Perl start-up each time.
  this.timeout(120_000);

  describe('the strippers tell "could not parse" apart from "nothing to remove"', () => {
    it('JPEG: skips one stray byte after the frame header, as libjpeg does, and still removes everything', async () => {
      const original = fixture('gps-photo.jpg');
      const damaged = jpegWithStrayBytesAfterFrameHeader(original, 1);
      const stripped = expectStripped(stripJpegMetadata(damaged));
      assert.ok(stripped.removed.includes('1 stray byte after SOF0'), stripped.removed.join(', '));
      assert.ok(stripped.removed.includes('Exif') && stripped.removed.includes('XMP') && stripped.removed.includes('comment'));
      assert.deepEqual(Buffer.from(stripped.bytes), Buffer.from(expectStripped(stripJpegMetadata(original)).bytes));
    });

    it('JPEG: more stray bytes than libjpeg would shrug off, or stray bytes after a segment it cannot check, cannot be parsed', () => {
      const photo = fixture('gps-photo.jpg');
      assert.match(expectUnparsable(stripJpegMetadata(jpegWithStrayBytesAfterFrameHeader(photo, 64))), /no marker at offset \d+, after SOF0/);
      // After a dropped segment the stray bytes may be the rest of it (its length wrong): metadata.
      assert.match(expectUnparsable(stripJpegMetadata(jpegWithStrayByteAfter(photo, 0xfe))), /after COM/);
      assert.match(expectUnparsable(stripJpegMetadata(jpegWithStrayByteAfter(photo, 0xe0))), /after APP0/);
      assert.match(expectUnparsable(stripJpegMetadata(jpegWithReservedMarkerAfterFrameHeader(photo))), /unexpected marker 0xFF02/);
    });

    it('PNG: a kept chunk whose CRC does not match, or a chunk name that is not letters, cannot be parsed', () => {
      assert.match(expectUnparsable(stripPngMetadata(pngWithBadCrc(fixture('xmp.png'), 'gAMA'))), /CRC of the gAMA chunk/);
      assert.match(expectUnparsable(stripPngMetadata(pngWithDamagedName(fixture('xmp.png'), 'gAMA'))), /"g1MA" at offset \d+ is not a chunk name/);
    });

    it('WebP: a chunk name that is not a FourCC, or a chunk size past the RIFF data, cannot be parsed', () => {
      assert.match(expectUnparsable(stripWebpMetadata(webpWithUnnamedChunkBefore(fixture('xmp.webp'), 'EXIF'))), /0x00010203 at offset \d+ is not a chunk name/);
      assert.match(expectUnparsable(stripWebpMetadata(webpWithWrongChunkSize(fixture('xmp.webp'), 'XMP ', 2))), /"XMP " chunk at offset \d+ states \d+ bytes, past the end of the RIFF data/);
      // Too long by 1000, the EXIF chunk ends inside the XMP chunk, where no chunk header is.
      assert.match(expectUnparsable(stripWebpMetadata(webpWithWrongChunkSize(fixture('xmp.webp'), 'EXIF', 1000))), /chunk at offset \d+ states \d+ bytes, past the end of the RIFF data/);
    });

    for (const [name, strip] of [
      ['gps-photo.jpg', stripJpegMetadata],
      ['xmp.png', stripPngMetadata],
      ['xmp.webp', stripWebpMetadata],
    ] as const) {
      it(`${name}: once stripped, there is nothing to remove and the very same bytes come back`, () => {
        const clean = expectStripped(strip(fixture(name))).bytes;
        const again = strip(clean);
        assert.equal(again.kind, 'nothing-to-remove');
        assert.equal(again.kind === 'nothing-to-remove' && again.bytes, clean);
      });
    }
  });

  describe('prepareUpload re-encodes, without metadata, what the stripper cannot parse', () => {
    it('a stray byte after the frame header of a photo with GPS: the upload carries no GPS (ExifTool)', async () => {
      const damaged = jpegWithStrayBytesAfterFrameHeader(fixture('gps-photo.jpg'), 1);
      await assertCarriesGps(damaged, 'jpg');
      const upload = expectUpload(await prepareUpload('stray.jpg', damaged, STRIP));
      assert.equal(upload.action, 'metadata-stripped');
      assert.match(upload.detail ?? '', /removed .*1 stray byte after SOF0/);
      await assertNoMetadata(upload);
      assert.deepEqual(await decodePixels(upload.bytes), await decodePixels(fixture('gps-photo.jpg')));
    });

    const cases = [
      { name: 'stray-bytes.jpg', extension: 'jpg', damaged: () => jpegWithStrayBytesAfterFrameHeader(fixture('gps-photo.jpg'), 64), strip: stripJpegMetadata },
      { name: 'bad-crc.png', extension: 'png', damaged: () => pngWithBadCrc(fixture('xmp.png'), 'gAMA'), strip: stripPngMetadata },
      { name: 'unnamed-chunk.webp', extension: 'webp', damaged: () => webpWithUnnamedChunkBefore(fixture('xmp.webp'), 'EXIF'), strip: stripWebpMetadata },
    ];
    for (const { name, extension, damaged, strip } of cases) {
      it(`${name}: libvips decodes it, the stripper cannot parse it, and the upload is re-encoded with no GPS, Exif or XMP`, async () => {
        const bytes = damaged();
        await assertCarriesGps(bytes, extension);
        const source = await decodePixels(bytes); // libvips can decode it
        expectUnparsable(strip(bytes));
        for (const options of [STRIP, FULL_SIZE]) {
          const upload = expectUpload(await prepareUpload(name, bytes, options));
          assert.equal(upload.action, 'reencoded');
          assert.match(upload.detail ?? '', /^re-encoded because its metadata could not be removed from the file as it is: ./);
          assert.deepEqual([upload.width, upload.height], [source.width, source.height]);
          await assertNoMetadata(upload);
        }
      });

      it(`${name}: with keepImageMetadata it goes exactly as it is, as before`, async () => {
        const bytes = damaged();
        const upload = expectUpload(await prepareUpload(name, bytes, KEEP, { transcoder: new CountingTranscoder() }));
        assert.equal(upload.action, 'as-is');
        assert.deepEqual(Buffer.from(upload.bytes), Buffer.from(bytes));
      });
    }

    it('a turned photo it cannot parse is re-encoded upright (Orientation applied, then dropped)', async () => {
      const damaged = jpegWithStrayBytesAfterFrameHeader(fixture('gps-rotated.jpg'), 64);
      const upload = expectUpload(await prepareUpload('turned.jpg', damaged, STRIP));
      assert.equal(upload.action, 'reencoded');
      assert.deepEqual([upload.width, upload.height], [240, 320]);
      await assertNoMetadata(upload);
    });
  });

  describe('what libvips cannot decode either is refused, never sent as it is', () => {
    for (const [name, bytes, formatName] of [
      ['reserved-marker.jpg', () => jpegWithReservedMarkerAfterFrameHeader(fixture('gps-photo.jpg')), 'JPEG'],
      ['damaged-name.png', () => pngWithDamagedName(fixture('xmp.png'), 'gAMA'), 'PNG'],
      ['wrong-size.webp', () => webpWithWrongChunkSize(fixture('xmp.webp'), 'EXIF', 1000), 'WebP'],
    ] as const) {
      it(`${name}: refused with words that say it is damaged`, async () => {
        const damaged = bytes();
        await assert.rejects(decodePixels(damaged), 'libvips must not decode this one, or the test proves nothing');
        const result = await prepareUpload(name, damaged, STRIP);
        assert.equal(result.ok, false, 'a file that could not be cleaned must not be sent');
        assert.match(result.ok ? '' : result.message, new RegExp(`^${name.replace('.', '\\.')} looks like a ${formatName} image but is cut off or damaged\\.`));
      });
    }
  });

  describe('nothing to remove: the bytes go untouched, with no needless re-encode', () => {
    for (const name of ['gps-photo.jpg', 'xmp.png', 'xmp.webp']) {
      it(name, async () => {
        const clean = expectStripped((name.endsWith('.jpg') ? stripJpegMetadata : name.endsWith('.png') ? stripPngMetadata : stripWebpMetadata)(fixture(name))).bytes;
        const transcoder = new CountingTranscoder();
        const upload = expectUpload(await prepareUpload(name, clean, STRIP, { transcoder }));
        assert.equal(upload.action, 'as-is');
        assert.equal(upload.bytes, clean, 'the same bytes, not a copy');
        assert.equal(upload.detail, undefined);
        assert.deepEqual(transcoder.requests, []);
      });
    }
  });
});
