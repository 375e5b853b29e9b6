import type { ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';

/** A little over the 50 MB a result may have. */
export const OVERSIZED_BYTES = 51 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/**
 * A result far larger than an image should be: the real image, then zeros up to OVERSIZED_BYTES,
 * with Content-Length or (chunked) without. A client that stops reading ends it early.
 */
export function sendOversized(res: ServerResponse, head: Buffer, announced: boolean): void {
  res.writeHead(200, {
    'Content-Type': 'binary/octet-stream',
    ...(announced ? { 'Content-Length': String(OVERSIZED_BYTES) } : {}),
  });
  let sent = 0;
  let gone = false;
  res.once('close', () => {
    gone = true;
  });
  res.on('error', () => undefined);
  const pump = (): void => {
    while (!gone && sent < OVERSIZED_BYTES) {
      const chunk = sent === 0 ? head.subarray(0, Math.min(head.length, OVERSIZED_BYTES)) : Buffer.alloc(Math.min(CHUNK_BYTES, OVERSIZED_BYTES - sent));
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!gone) {
      res.end();
    }
  };
  pump();
}

/** A complete, valid PNG whose header says 8000 × 6000 (48 megapixels) while it is a few bytes long. */
export function hugeDimensionsPng(width = 8000, height = 6000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  // One zero-filled row repeated compresses to almost nothing; the exact data does not matter here.
  const data = zlib.deflateSync(Buffer.alloc(1 + width));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', data),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}
