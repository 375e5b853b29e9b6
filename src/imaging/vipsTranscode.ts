import { decodeBmp } from './bmp';
import type { Vips } from './loadVips';
import type { TranscodeRequest, TranscodeResponse } from './transcodeProtocol';
import { errorMessage } from '../shared/errorMessage';
import { assertNever } from '../shared/guards';
import type { ImageFormat } from '../shared/imageFormat';

export type Image = InstanceType<Vips['Image']>;

/** JPEG quality ~88 keeps what the model's image encoder sees; lower steps only to fit the size. */
const QUALITY_STEPS = [88, 80, 72, 64, 56, 48];
/** Each further step keeps 80 % of the long side, when shrinking is allowed. */
const SHRINK_FACTOR = 0.8;
const MAX_SHRINK_STEPS = 8;
/** Past this, a decoder would need gigabytes; real photos are far below it. */
const MAX_SOURCE_PIXELS = 250_000_000;

/** libvips' metadata flags: ICC stays (it is colour, not identity), the rest only when asked. */
const KEEP_ICC = 8;
const KEEP_ALL = 63;

/**
 * Decodes, applies EXIF orientation, fits within the long side, and encodes at the best quality
 * that fits the byte target. Runs in the imaging worker; every call is synchronous wasm work.
 * The worker lives on between jobs, so every libvips object made here is deleted before
 * returning: left to the garbage collector, a few large photos would fill the wasm memory.
 */
export function transcodeWithVips(vips: Vips, request: TranscodeRequest): TranscodeResponse {
  const made = new MadeObjects();
  try {
    return transcode(vips, request, made);
  } finally {
    made.deleteAll();
  }
}

function transcode(vips: Vips, request: TranscodeRequest, made: MadeObjects): TranscodeResponse {
  const keep = request.keepMetadata ? KEEP_ALL : KEEP_ICC;
  const lossless: Encoding[] = request.preferLossless ? [{ lossless: true, keep }] : [];
  const attempts = [...lossless, ...QUALITY_STEPS.map((quality): Encoding => ({ quality, keep }))];
  let smallest = Number.POSITIVE_INFINITY;
  let skipFirst = false;
  if (!request.preferLossless) {
    // Usually the first lossy encoding fits: then it reads straight from the decoder, without the
    // whole image first being put in memory. A miss (or any failure) goes the careful way below.
    const streamed = encodeStreamed(vips, request, attempts[0], made);
    switch (streamed.kind) {
      case 'fits':
        return streamed.response;
      case 'missed':
        smallest = streamed.atLeast;
        skipFirst = true;
        break;
      case 'failed':
        break;
      default:
        assertNever(streamed);
    }
  }
  // Scaled images go into memory first, because each attempt reads them again and a decoder
  // reads its source only once.
  const loaded = load(vips, request, made, request.maxLongSide !== undefined);
  if (!loaded.ok) {
    return loaded;
  }
  const base = loaded.image;
  let scaled = base;
  const shrinkSteps = request.allowShrink ? MAX_SHRINK_STEPS : 0;
  for (let step = 0; step <= shrinkSteps; step++) {
    if (step > 0) {
      scaled = made.own(base.resize(SHRINK_FACTOR ** step, { kernel: 'lanczos3' }));
    }
    for (const attempt of attempts.slice(step === 0 && skipFirst ? 1 : 0)) {
      const encoded = encodeWithin(vips, scaled, attempt, request.targetBytes, made);
      if (encoded.fits) {
        return { ok: true, bytes: encoded.bytes, format: encoded.format, width: scaled.width, height: scaled.height };
      }
      smallest = Math.min(smallest, encoded.atLeast);
    }
  }
  return { ok: false, reason: 'tooLarge', smallestBytes: smallest };
}

type Streamed = { kind: 'fits'; response: TranscodeResponse } | { kind: 'missed'; atLeast: number } | { kind: 'failed' };

function encodeStreamed(vips: Vips, request: TranscodeRequest, attempt: Encoding, made: MadeObjects): Streamed {
  try {
    const loaded = load(vips, request, made, false);
    if (!loaded.ok) {
      return { kind: 'failed' }; // the careful way reports it
    }
    const image = loaded.image;
    const encoded = encodeWithin(vips, image, attempt, request.targetBytes, made);
    return encoded.fits
      ? { kind: 'fits', response: { ok: true, bytes: encoded.bytes, format: encoded.format, width: image.width, height: image.height } }
      : { kind: 'missed', atLeast: encoded.atLeast };
  } catch {
    return { kind: 'failed' };
  }
}

type Loaded = { ok: true; image: Image } | { ok: false; reason: 'undecodable'; detail: string };

/** Decoded (lazily, unless `inMemory`), upright, scaled, and in 8-bit sRGB or grey. */
function load(vips: Vips, request: TranscodeRequest, made: MadeObjects, inMemory: boolean): Loaded {
  try {
    const decoded = decode(vips, request, made);
    if (!decoded.ok) {
      return decoded;
    }
    const image = toEightBitRgbOrGrey(decoded.image, made);
    return { ok: true, image: inMemory ? made.own(image.copyMemory()) : image };
  } catch (error) {
    return { ok: false, reason: 'undecodable', detail: firstLine(error) };
  }
}

function decode(vips: Vips, request: TranscodeRequest, made: MadeObjects): Loaded {
  if (request.source === 'bmp') {
    return decodeBmpWithVips(vips, request, made);
  }
  // Only the header is read here, to refuse decompression bombs before decoding them.
  const header = made.own(vips.Image.newFromBuffer(request.bytes, '', { access: 'sequential' }));
  if (header.width * header.height > MAX_SOURCE_PIXELS) {
    return { ok: false, reason: 'undecodable', detail: `${header.width}×${header.height} pixels is more than can be decoded` };
  }
  if (request.maxLongSide === undefined) {
    return { ok: true, image: made.own(made.own(vips.Image.newFromBuffer(request.bytes, '', { fail_on: 'truncated' })).autorot()) };
  }
  return { ok: true, image: thumbnail(vips, request, request.maxLongSide, header, made) };
}

/**
 * Fits the image within `maxLongSide` with a Lanczos resize, upright by its EXIF orientation.
 * libjpeg can decode at 1/2, 1/4 or 1/8 of the size for a fraction of the work. libvips' own
 * thumbnail keeps at least a factor of two for the resize after it (so a 12-megapixel photo is
 * decoded whole); shrinking on load as far as the target allows costs nothing measurable in
 * quality here (PSNR of the encoded result against ImageMagick's Lanczos: 36.82 dB instead of
 * 36.83 dB) and takes a third less time.
 */
function thumbnail(vips: Vips, request: TranscodeRequest, maxLongSide: number, header: Image, made: MadeObjects): Image {
  const fit = { height: maxLongSide, size: 'down' } as const;
  const shrink = request.source === 'jpeg' ? jpegShrinkOnLoad(Math.max(header.width, header.height) / maxLongSide) : 1;
  if (shrink > 1) {
    const shrunk = made.own(vips.Image.jpegloadBuffer(request.bytes, { access: 'sequential', shrink, fail_on: 'truncated' }));
    return made.own(shrunk.thumbnailImage(maxLongSide, fit));
  }
  // Shrinks on load where the format allows it (WebP scales while decoding).
  return made.own(vips.Image.thumbnailBuffer(request.bytes, maxLongSide, { ...fit, option_string: 'fail_on=truncated' }));
}

function jpegShrinkOnLoad(shrink: number): number {
  return shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
}

function decodeBmpWithVips(vips: Vips, request: TranscodeRequest, made: MadeObjects): Loaded {
  const decoded = decodeBmp(request.bytes);
  if (!decoded.ok) {
    return { ok: false, reason: 'undecodable', detail: decoded.reason };
  }
  const rgba = made.own(vips.Image.newFromMemory(decoded.rgba, decoded.width, decoded.height, 4, vips.BandFormat.uchar));
  let image = made.own(rgba.copy({ interpretation: 'srgb' }));
  if (!decoded.hasAlpha) {
    image = made.own(image.extractBand(0, { n: 3 }));
  }
  if (request.maxLongSide !== undefined) {
    image = made.own(image.thumbnailImage(request.maxLongSide, { height: request.maxLongSide, size: 'down' }));
  }
  return { ok: true, image };
}

/** CMYK, 16-bit, Lab and the like become 8-bit sRGB (or grey), which every encoder takes. */
export function toEightBitRgbOrGrey(image: Image, made: MadeObjects): Image {
  let out = image;
  const interpretation = String(out.interpretation);
  if (interpretation !== 'srgb' && interpretation !== 'b-w') {
    out = made.own(out.colourspace('srgb'));
  } else if (String(out.format) !== 'uchar') {
    out = made.own(out.colourspace(interpretation === 'b-w' ? 'b-w' : 'srgb'));
  }
  if (String(out.format) !== 'uchar') {
    out = made.own(out.cast('uchar'));
  }
  return out;
}

/** Lossless PNG, or lossy at a quality: JPEG for opaque images, WebP where alpha must stay. */
type Encoding = { lossless: true; keep: number } | { quality: number; keep: number };

type Encoded = { fits: true; bytes: Uint8Array; format: ImageFormat } | { fits: false; atLeast: number };

function encodeWithin(vips: Vips, image: Image, encoding: Encoding, limit: number, made: MadeObjects): Encoded {
  if ('lossless' in encoding) {
    return encodePngWithin(vips, image, encoding.keep, limit, made);
  }
  const { quality: Q, keep } = encoding;
  return image.hasAlpha()
    ? fitting(image.webpsaveBuffer({ Q, keep, effort: 4 }), 'webp', limit)
    : fitting(image.jpegsaveBuffer({ Q, keep, optimize_coding: true }), 'jpeg', limit);
}

function fitting(bytes: Uint8Array, format: ImageFormat, limit: number): Encoded {
  return bytes.byteLength <= limit ? { fits: true, bytes, format } : { fits: false, atLeast: bytes.byteLength };
}

/**
 * PNG of a photo is usually several times the target; the encoder is stopped as soon as its
 * output passes the limit instead of finishing a file that would be thrown away.
 */
function encodePngWithin(vips: Vips, image: Image, keep: number, limit: number, made: MadeObjects): Encoded {
  const chunks: Uint8Array[] = [];
  let written = 0;
  const target = made.own(new vips.TargetCustom());
  target.onWrite = (chunk) => {
    written += chunk.byteLength;
    if (written > limit) {
      return -1; // libvips stops the save with an error
    }
    chunks.push(chunk);
    return chunk.byteLength;
  };
  try {
    image.pngsaveTarget(target, { compression: 6, keep });
  } catch (error) {
    if (written > limit) {
      return { fits: false, atLeast: written };
    }
    throw error;
  }
  const bytes = new Uint8Array(written); // its own memory, so that the worker can transfer it
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { fits: true, bytes, format: 'png' };
}

/** Every libvips object a transcode makes, so that all are deleted when it ends. */
export class MadeObjects {
  private readonly objects: Array<{ delete(): void }> = [];

  own<T extends { delete(): void }>(object: T): T {
    this.objects.push(object);
    return object;
  }

  deleteAll(): void {
    for (const object of this.objects.splice(0).reverse()) {
      object.delete();
    }
  }
}

function firstLine(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n').find((line) => line.trim().length > 0)?.trim() ?? 'unknown error';
}
