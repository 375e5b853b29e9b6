import * as assert from 'node:assert/strict';
import * as zlib from 'zlib';
import { checkSourceBytes } from '../../src/source/checkSource';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(body) >>> 0 : 0);
  return Buffer.concat([length, body, crc]);
}

function tinyPng(width = 3, height = 2): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('checkSourceBytes', () => {
  const MB = 1024 * 1024;

  it('accepts a complete PNG and reports its size', () => {
    const check = checkSourceBytes('cat.png', tinyPng(3, 2), 50 * MB);
    assert.ok(check.ok);
    if (check.ok) {
      assert.deepEqual([check.image.format, check.image.width, check.image.height], ['png', 3, 2]);
    }
  });

  it('refuses an empty file, naming it', () => {
    const check = checkSourceBytes('empty.png', new Uint8Array(), 50 * MB);
    assert.ok(!check.ok && /empty\.png is empty/.test(check.message));
  });

  it('refuses a text file named .png and says what to choose', () => {
    const check = checkSourceBytes('notes.png', Buffer.from('hello, I am text'), 50 * MB);
    assert.ok(!check.ok && /not a PNG, JPEG or WebP/.test(check.message));
  });

  it('names a GIF as a GIF', () => {
    const check = checkSourceBytes('anim.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 50 * MB);
    assert.ok(!check.ok && /a GIF image/.test(check.message) && /PNG, JPEG or WebP/.test(check.message));
  });

  it('refuses a truncated PNG', () => {
    const png = tinyPng();
    const check = checkSourceBytes('cut.png', png.subarray(0, png.length - 14), 50 * MB);
    assert.ok(!check.ok && /cut off or damaged/.test(check.message));
  });

  it('refuses a file over the limit with the numbers and the setting', () => {
    const check = checkSourceBytes('big.png', tinyPng(), 10);
    assert.ok(!check.ok && /over the 0 MB upload limit|upload limit/.test(check.message) && /fluxRedux\.maxUploadMB/.test(check.message));
  });
});
