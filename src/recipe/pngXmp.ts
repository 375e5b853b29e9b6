/**
 * XMP in PNG: an `iTXt` chunk with the keyword `XML:com.adobe.xmp`, uncompressed, with an empty
 * language and translated keyword, before the first `IDAT` (where the XMP specification and
 * ExifTool expect it). Writing builds a new buffer; every other chunk is copied as it is.
 */
import * as zlib from 'node:zlib';
import { ascii, concatBytes, readUint32BE } from '../shared/bytes';
import { MAX_XMP_BYTES, type FoundXmp } from './xmpLimits';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const XMP_KEYWORD = 'XML:com.adobe.xmp';

interface PngChunk {
  type: string;
  start: number;
  /** Just after the CRC. */
  end: number;
  data: Uint8Array;
}

/** The chunks up to and including IEND; throws when the file cannot be followed. */
function pngChunks(bytes: Uint8Array): PngChunk[] {
  if (!SIGNATURE.every((value, index) => bytes[index] === value)) {
    throw new Error('not a PNG file');
  }
  const chunks: PngChunk[] = [];
  let offset = SIGNATURE.length;
  while (offset + 12 <= bytes.length) {
    const length = readUint32BE(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) {
      throw new Error(`no PNG chunk name at offset ${offset + 4}`);
    }
    const end = offset + 12 + length;
    if (end > bytes.length) {
      throw new Error(`the ${type} chunk at offset ${offset} runs past the end of the file`);
    }
    chunks.push({ type, start: offset, end, data: bytes.subarray(offset + 8, end - 4) });
    if (type === 'IEND') {
      return chunks;
    }
    offset = end;
  }
  throw new Error('no IEND chunk');
}

function isXmpChunk(chunk: PngChunk): boolean {
  return chunk.type === 'iTXt' && ascii(chunk.data, 0, XMP_KEYWORD.length + 1) === `${XMP_KEYWORD}\0`;
}

/** `bytes` with `packet` as its only XMP, placed just before the first IDAT. */
export function withPngXmp(bytes: Uint8Array, packet: Uint8Array): Uint8Array {
  const chunks = pngChunks(bytes);
  const firstData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
  if (firstData < 0) {
    throw new Error('no IDAT chunk');
  }
  const parts: Uint8Array[] = [bytes.subarray(0, SIGNATURE.length)];
  chunks.forEach((chunk, index) => {
    if (index === firstData) {
      parts.push(xmpChunk(packet));
    }
    if (!isXmpChunk(chunk)) {
      parts.push(bytes.subarray(chunk.start, chunk.end));
    }
  });
  return concatBytes(parts);
}

function xmpChunk(packet: Uint8Array): Uint8Array {
  // keyword, NUL, compression flag 0, method 0, empty language, NUL, empty translated keyword, NUL
  const header = new TextEncoder().encode(`${XMP_KEYWORD}\0\0\0\0\0`);
  const body = concatBytes([new TextEncoder().encode('iTXt'), header, packet]);
  const chunk = new Uint8Array(body.length + 8);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length - 4);
  chunk.set(body, 4);
  view.setUint32(chunk.length - 4, zlib.crc32(body));
  return chunk;
}

/** The XMP packet of a PNG, if it has one. */
export function findPngXmp(bytes: Uint8Array): FoundXmp {
  const chunk = pngChunks(bytes).find(isXmpChunk);
  if (!chunk) {
    return { kind: 'none' };
  }
  const data = chunk.data;
  let at = XMP_KEYWORD.length + 1;
  const compressed = data[at] === 1;
  at += 2;
  for (let field = 0; field < 2; field++) {
    const nul = data.indexOf(0, at);
    if (nul < 0) {
      return { kind: 'invalid', reason: 'the XMP iTXt chunk is cut short' };
    }
    at = nul + 1;
  }
  const text = data.subarray(at);
  if (!compressed) {
    return text.length > MAX_XMP_BYTES ? { kind: 'too-large' } : { kind: 'found', packet: text };
  }
  try {
    return { kind: 'found', packet: new Uint8Array(zlib.inflateSync(text, { maxOutputLength: MAX_XMP_BYTES })) };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
      ? { kind: 'too-large' }
      : { kind: 'invalid', reason: 'the XMP iTXt chunk does not inflate' };
  }
}
