/**
 * The image formats the extension sends and receives (PNG, JPEG, WebP), in one place: their names,
 * MIME types and file extensions, and what an image really is, read from its bytes. Result names
 * from the server cannot be trusted (they may end in `.undefined`), and a download host may answer
 * with an HTML page or a cut-off body, so only the magic numbers and headers decide.
 * Plain: no `vscode`, no DOM, no Node.
 */
import { ascii, readUint16BE, readUint16LE, readUint24LE, readUint32BE, readUint32LE, startsWithBytes } from './bytes';

export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp';
/** The extension a file of the format is written with. */
export type ImageExtension = 'png' | 'jpg' | 'webp';

/** Formats recognised only to be named (and converted or refused), never sent as they are. */
export type OtherImageFormat = 'gif' | 'bmp' | 'tiff' | 'heic' | 'avif' | 'svg';

interface FormatFacts {
  /** As people write it; the same in every language. */
  name: string;
  mimeType: ImageMimeType;
  extension: ImageExtension;
  /** Every extension a file of the format commonly has, the one written first. */
  extensions: readonly string[];
}

const FACTS: Record<ImageFormat, FormatFacts> = {
  png: { name: 'PNG', mimeType: 'image/png', extension: 'png', extensions: ['png'] },
  jpeg: { name: 'JPEG', mimeType: 'image/jpeg', extension: 'jpg', extensions: ['jpg', 'jpeg'] },
  webp: { name: 'WebP', mimeType: 'image/webp', extension: 'webp', extensions: ['webp'] },
};

const OTHER_NAMES: Record<OtherImageFormat, string> = {
  gif: 'GIF',
  bmp: 'BMP',
  tiff: 'TIFF',
  heic: 'HEIC',
  avif: 'AVIF',
  svg: 'SVG',
};

/** The bytes that go to the server as the source image. */
export interface UploadPayload {
  bytes: Uint8Array;
  fileName: string;
  mimeType: ImageMimeType;
}

export function isImageFormat(value: unknown): value is ImageFormat {
  return (IMAGE_FORMATS as readonly unknown[]).includes(value);
}

export function mimeTypeOf(format: ImageFormat): ImageMimeType {
  return FACTS[format].mimeType;
}

export function extensionOf(format: ImageFormat): ImageExtension {
  return FACTS[format].extension;
}

/** Whether a file name's extension (any case, without the dot) is one a file of `format` has. */
export function hasExtensionOf(format: ImageFormat, extension: string): boolean {
  return FACTS[format].extensions.includes(extension.toLowerCase());
}

/** Every extension of the format, the one written first (for file dialogs' filters). */
export function extensionsOf(format: ImageFormat): readonly string[] {
  return FACTS[format].extensions;
}

const FORMAT_OF_MIME = Object.fromEntries(IMAGE_FORMATS.map((format) => [FACTS[format].mimeType, format])) as Record<
  ImageMimeType,
  ImageFormat
>;

export function formatOfMime(mimeType: ImageMimeType): ImageFormat {
  return FORMAT_OF_MIME[mimeType];
}

/** The format a file extension (any case, without the dot) stands for, if it is one of ours. */
export function formatOfExtension(extension: string): ImageFormat | undefined {
  return IMAGE_FORMATS.find((format) => hasExtensionOf(format, extension));
}

/** The format a file name's extension stands for (any case), if it is one of ours. */
export function formatOfFileName(fileName: string): ImageFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : formatOfExtension(fileName.slice(dot + 1));
}

/** "PNG", "JPEG", "WebP", "AVIF"…: put into sentences as it is, in every language. */
export function formatName(format: ImageFormat | OtherImageFormat): string {
  return isImageFormat(format) ? FACTS[format].name : OTHER_NAMES[format];
}

export interface SniffedImage {
  format: ImageFormat;
  width: number;
  height: number;
  mimeType: ImageMimeType;
  extension: ImageExtension;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Format and size from the header, or undefined when the bytes are not a PNG, JPEG or WebP header. */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  if (startsWithBytes(bytes, PNG_SIGNATURE)) {
    return sniffPng(bytes);
  }
  if (startsWithBytes(bytes, [0xff, 0xd8, 0xff])) {
    return sniffJpeg(bytes);
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return sniffWebp(bytes);
  }
  return undefined;
}

/** A PNG, JPEG or WebP whose header reads and whose end is there (not cut off in transit). */
export function isCompleteImage(bytes: Uint8Array): boolean {
  const image = sniffImage(bytes);
  if (!image) {
    return false;
  }
  switch (image.format) {
    case 'png':
      return pngHasEnd(bytes);
    case 'jpeg':
      return jpegHasEnd(bytes);
    case 'webp':
      return webpHasEnd(bytes);
  }
}

/** Names formats we refuse, so the user hears "this is a GIF" rather than "not an image". */
export function identifyOtherFormat(bytes: Uint8Array): OtherImageFormat | undefined {
  const head = ascii(bytes, 0, 6);
  if (head === 'GIF87a' || head === 'GIF89a') {
    return 'gif';
  }
  if (head.startsWith('BM') && bytes.length >= 26) {
    return 'bmp';
  }
  if (startsWithBytes(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWithBytes(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  if (ascii(bytes, 4, 4) === 'ftyp') {
    return isoBrandFormat(bytes);
  }
  if (looksLikeSvg(bytes)) {
    return 'svg';
  }
  return undefined;
}

function sniffPng(bytes: Uint8Array): SniffedImage | undefined {
  // The first chunk must be IHDR: length (4) + type (4) + width (4) + height (4).
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') {
    return undefined;
  }
  return sized('png', readUint32BE(bytes, 16), readUint32BE(bytes, 20));
}

/** Walks the chunk list: a cut-off file either ends inside a chunk or never reaches IEND. */
function pngHasEnd(bytes: Uint8Array): boolean {
  let offset = PNG_SIGNATURE.length;
  while (offset + 12 <= bytes.length) {
    const length = readUint32BE(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    const next = offset + 12 + length;
    if (next > bytes.length) {
      return false;
    }
    if (type === 'IEND') {
      return true;
    }
    offset = next;
  }
  return false;
}

/** SOFn markers carry the frame size; DHT (C4), JPG (C8) and DAC (CC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function sniffJpeg(bytes: Uint8Array): SniffedImage | undefined {
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) {
      return undefined;
    }
    // Any number of 0xFF fill bytes may precede a marker.
    while (offset < bytes.length && bytes[offset] === 0xff) {
      offset++;
    }
    if (offset >= bytes.length) {
      return undefined;
    }
    const marker = bytes[offset];
    offset++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      continue; // standalone markers have no length
    }
    if (marker === 0xd9 || marker === 0xda) {
      return undefined; // end of image or scan data before any frame header
    }
    if (offset + 2 > bytes.length) {
      return undefined;
    }
    const segmentLength = readUint16BE(bytes, offset);
    if (segmentLength < 2) {
      return undefined;
    }
    if (isStartOfFrame(marker)) {
      // length (2), precision (1), height (2), width (2)
      if (offset + 7 > bytes.length) {
        return undefined;
      }
      return sized('jpeg', readUint16BE(bytes, offset + 5), readUint16BE(bytes, offset + 3));
    }
    offset += segmentLength;
  }
  return undefined;
}

/** Encoders sometimes pad after EOI with zeros; anything else after the end marker means a cut. */
function jpegHasEnd(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x00) {
    end--;
  }
  return end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

function sniffWebp(bytes: Uint8Array): SniffedImage | undefined {
  const chunk = ascii(bytes, 12, 4);
  const data = 20;
  switch (chunk) {
    case 'VP8 ': {
      // Lossy: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
      if (bytes.length < data + 10 || !startsWithBytes(bytes.subarray(data + 3), [0x9d, 0x01, 0x2a])) {
        return undefined;
      }
      return sized('webp', readUint16LE(bytes, data + 6) & 0x3fff, readUint16LE(bytes, data + 8) & 0x3fff);
    }
    case 'VP8L': {
      // Lossless: signature 0x2F, then width-1 and height-1 as two 14-bit fields.
      if (bytes.length < data + 5 || bytes[data] !== 0x2f) {
        return undefined;
      }
      const bits = readUint32LE(bytes, data + 1);
      return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    case 'VP8X': {
      // Extended: flags (1) + reserved (3), then canvas width-1 and height-1 as 24-bit fields.
      if (bytes.length < data + 10) {
        return undefined;
      }
      return sized('webp', readUint24LE(bytes, data + 4) + 1, readUint24LE(bytes, data + 7) + 1);
    }
    default:
      return undefined;
  }
}

/** The RIFF header states the file's size; fewer bytes than that means a cut. */
function webpHasEnd(bytes: Uint8Array): boolean {
  return bytes.length >= 8 + readUint32LE(bytes, 4);
}

function sized(format: ImageFormat, width: number, height: number): SniffedImage | undefined {
  if (width <= 0 || height <= 0) {
    return undefined;
  }
  return { format, width, height, mimeType: mimeTypeOf(format), extension: extensionOf(format) };
}

function isoBrandFormat(bytes: Uint8Array): OtherImageFormat | undefined {
  const boxSize = Math.min(readUint32BE(bytes, 0), bytes.length);
  const brands: string[] = [ascii(bytes, 8, 4)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    brands.push(ascii(bytes, offset, 4));
  }
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) {
    return 'avif';
  }
  const heifBrands = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];
  return brands.some((brand) => heifBrands.includes(brand)) ? 'heic' : undefined;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<svg')) {
    return true;
  }
  return (head.startsWith('<?xml') || head.startsWith('<!--') || head.startsWith('<!DOCTYPE svg')) && head.includes('<svg');
}
