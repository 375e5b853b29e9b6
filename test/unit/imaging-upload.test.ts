import * as assert from 'node:assert/strict';
import type { OneMinClient } from '../../src/api/client';
import { prepareUpload, type PrepareOptions } from '../../src/imaging/prepareUpload';
import { startEmulator, type Emulator } from '../emulator';
import { emulatorClient } from './api-helpers';
import { PRIVATE_WORDS, containsText, decodePixels, exifIfd0Tags, fixture, gradientJpeg, jpegSegments, withExifSegment } from '../fixtures/imaging/support';

const OPTIONS: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * 2 ** 20 };
const GPS_IFD_POINTER = 0x8825;

describe('imaging: what the server receives', function () {
  this.timeout(120_000);

  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });

  after(async () => {
    await emulator.close();
  });

  function client(): OneMinClient {
    return emulatorClient(emulator);
  }

  async function uploadAndReceive(name: string, bytes: Uint8Array): Promise<{ sent: Uint8Array; received: Buffer; fileName: string; contentType: string }> {
    emulator.reset();
    const result = await prepareUpload(name, bytes, OPTIONS);
    assert.ok(result.ok, result.ok ? '' : result.message);
    await client().uploadAsset({ bytes: result.upload.bytes, fileName: result.upload.fileName, mimeType: result.upload.mimeType });
    const uploads = emulator.requests.filter((request) => request.upload);
    assert.equal(uploads.length, 1);
    const upload = uploads[0].upload!;
    return { sent: result.upload.bytes, received: upload.bytes, fileName: upload.fileName, contentType: upload.contentType };
  }

  function assertNoGps(received: Buffer): void {
    for (const word of PRIVATE_WORDS) {
      assert.equal(containsText(received, word), false, `"${word}" reached the server`);
    }
    for (const segment of jpegSegments(received)) {
      if (segment.marker === 0xe1 && containsText(segment.payload, 'Exif')) {
        assert.equal(exifIfd0Tags(segment.payload).includes(GPS_IFD_POINTER), false, 'a GPS block reached the server');
      }
    }
  }

  it('a small photo with GPS tags arrives without them, pixels untouched', async () => {
    const photo = fixture('gps-photo.jpg');
    assert.ok(containsText(photo, 'FluxTestCam'), 'the source has camera tags');
    const { sent, received, fileName, contentType } = await uploadAndReceive('gps-photo.jpg', photo);
    assert.deepEqual(received, Buffer.from(sent));
    assert.equal(fileName, 'gps-photo.jpg');
    assert.equal(contentType, 'image/jpeg');
    assertNoGps(received);
    assert.deepEqual(await decodePixels(received), await decodePixels(photo));
  });

  it('a 12-megapixel photo with GPS tags arrives downscaled and without them', async () => {
    const app1 = jpegSegments(fixture('gps-photo.jpg')).find((segment) => segment.marker === 0xe1 && containsText(segment.payload, 'Exif'));
    assert.ok(app1);
    const photo = withExifSegment(await gradientJpeg(4000, 3000), app1.payload);
    const { received } = await uploadAndReceive('big.jpg', photo);
    assertNoGps(received);
    const decoded = await decodePixels(received);
    assert.deepEqual([decoded.width, decoded.height], [1536, 1152]);
  });
});
