/**
 * XMP in WebP: an `XMP ` chunk after the image data, which only the extended format allows, so a
 * simple (VP8 or VP8L) file becomes extended: a `VP8X` chunk first, with the XMP flag, the alpha
 * flag when the bitstream has alpha, and a canvas of the bitstream's size. Chunks are padded to
 * an even size and the RIFF size is written anew. The image chunks are copied as they are.
 */
import { ascii, concatBytes, readUint16LE, readUint32LE, writeUint32LE } from '../shared/bytes';
import { MAX_XMP_BYTES, type FoundXmp } from './xmpLimits';

const RIFF_HEADER = 12;
const FLAG_ALPHA = 0x10;
const FLAG_XMP = 0x04;
/** Chunks that the XMP chunk follows: the image data, its alpha, and EXIF (which comes before XMP). */
const BEFORE_XMP = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANMF', 'EXIF']);

interface WebpChunk {
  type: string;
  /** The chunk's data, without its header or pad byte. */
  data: Uint8Array;
}

function webpChunks(bytes: Uint8Array): WebpChunk[] {
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') {
    throw new Error('not a WebP file');
  }
  const riffEnd = 8 + readUint32LE(bytes, 4);
  if (riffEnd > bytes.length || riffEnd < RIFF_HEADER) {
    throw new Error(`the RIFF header states ${riffEnd} bytes and the file holds ${bytes.length}`);
  }
  const chunks: WebpChunk[] = [];
  let offset = RIFF_HEADER;
  while (offset + 8 <= riffEnd) {
    const type = ascii(bytes, offset, 4);
    const size = readUint32LE(bytes, offset + 4);
    if (!/^[A-Za-z0-9 ]{4}$/.test(type) || offset + 8 + size > riffEnd) {
      throw new Error(`the chunk at offset ${offset} cannot be followed`);
    }
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size + (size % 2);
  }
  if (chunks.length === 0) {
    throw new Error('no chunks');
  }
  return chunks;
}

/** `bytes` as an extended WebP with `packet` as its only XMP. */
export function withWebpXmp(bytes: Uint8Array, packet: Uint8Array): Uint8Array {
  const chunks = webpChunks(bytes);
  const first = chunks[0];
  const header = first.type === 'VP8X' ? extendedHeader(first, chunks) : simpleHeader(first);
  const body = chunks.filter((chunk) => chunk.type !== 'VP8X' && chunk.type !== 'XMP ');
  let insertAt = 0;
  body.forEach((chunk, index) => {
    if (BEFORE_XMP.has(chunk.type)) {
      insertAt = index + 1;
    }
  });
  if (insertAt === 0) {
    throw new Error('no image data chunk');
  }
  body.splice(insertAt, 0, { type: 'XMP ', data: packet });
  const parts = [header, ...body].map(chunkBytes);
  const riffHeader = new Uint8Array(RIFF_HEADER);
  riffHeader.set(bytes.subarray(0, RIFF_HEADER));
  writeUint32LE(riffHeader, 4, 4 + parts.reduce((sum, part) => sum + part.length, 0));
  return concatBytes([riffHeader, ...parts]);
}

function chunkBytes(chunk: WebpChunk): Uint8Array {
  const out = new Uint8Array(8 + chunk.data.length + (chunk.data.length % 2));
  out.set(new TextEncoder().encode(chunk.type), 0);
  writeUint32LE(out, 4, chunk.data.length);
  out.set(chunk.data, 8);
  return out;
}

/** The file's own VP8X with the XMP flag (and the alpha flag, if the image has alpha). */
function extendedHeader(vp8x: WebpChunk, chunks: readonly WebpChunk[]): WebpChunk {
  if (vp8x.data.length < 10) {
    throw new Error('the VP8X chunk is cut short');
  }
  const data = new Uint8Array(vp8x.data);
  const hasAlpha = chunks.some((chunk) => chunk.type === 'ALPH' || (chunk.type === 'VP8L' && losslessFacts(chunk.data).alpha));
  data[0] |= FLAG_XMP | (hasAlpha ? FLAG_ALPHA : 0);
  return { type: 'VP8X', data };
}

/** A VP8X for a simple file: its canvas is the bitstream's size. */
function simpleHeader(image: WebpChunk): WebpChunk {
  const facts = image.type === 'VP8 ' ? lossyFacts(image.data) : image.type === 'VP8L' ? losslessFacts(image.data) : undefined;
  if (!facts) {
    throw new Error(`the first chunk is ${JSON.stringify(image.type)}, not image data`);
  }
  const data = new Uint8Array(10);
  data[0] = FLAG_XMP | (facts.alpha ? FLAG_ALPHA : 0);
  writeUint24LE(data, 4, facts.width - 1);
  writeUint24LE(data, 7, facts.height - 1);
  return { type: 'VP8X', data };
}

interface BitstreamFacts {
  width: number;
  height: number;
  alpha: boolean;
}

/** A VP8 key frame: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height. */
function lossyFacts(data: Uint8Array): BitstreamFacts {
  if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) {
    throw new Error('the VP8 chunk does not start with a key frame');
  }
  return { width: readUint16LE(data, 6) & 0x3fff, height: readUint16LE(data, 8) & 0x3fff, alpha: false };
}

/** VP8L: the signature 0x2F, then 14 bits width−1, 14 bits height−1 and the alpha-is-used bit. */
function losslessFacts(data: Uint8Array): BitstreamFacts {
  if (data.length < 5 || data[0] !== 0x2f) {
    throw new Error('the VP8L chunk has no VP8L signature');
  }
  const bits = readUint32LE(data, 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
}

function writeUint24LE(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
}

/** The XMP packet of a WebP, if it has one. */
export function findWebpXmp(bytes: Uint8Array): FoundXmp {
  const chunk = webpChunks(bytes).find((candidate) => candidate.type === 'XMP ');
  if (!chunk) {
    return { kind: 'none' };
  }
  return chunk.data.length > MAX_XMP_BYTES ? { kind: 'too-large' } : { kind: 'found', packet: chunk.data };
}
