import { decodeBmp } from './bmp';
import type { TranscodeRequest, TranscodeResponse, UploadFormat } from './transcodeProtocol';
import type VipsModule from 'wasm-vips';

type Vips = NonNullable<Awaited<ReturnType<typeof VipsModule>>>;
type Image = InstanceType<Vips['Image']>;

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
 */
export function transcodeWithVips(vips: Vips, request: TranscodeRequest): TranscodeResponse {
  const loaded = load(vips, request);
  if (!loaded.ok) {
    return loaded;
  }
  const base = toEightBitRgbOrGrey(loaded.image);
  const keep = request.keepMetadata ? KEEP_ALL : KEEP_ICC;
  let smallest = Number.POSITIVE_INFINITY;
  let scaled = base;
  const shrinkSteps = request.allowShrink ? MAX_SHRINK_STEPS : 0;
  for (let step = 0; step <= shrinkSteps; step++) {
    if (step > 0) {
      scaled = base.resize(SHRINK_FACTOR ** step, { kernel: 'lanczos3' });
    }
    for (const attempt of encodings(scaled, request.preferLossless, keep)) {
      const bytes = attempt.encode();
      if (bytes.byteLength <= request.targetBytes) {
        return { ok: true, bytes, format: attempt.format, width: scaled.width, height: scaled.height };
      }
      smallest = Math.min(smallest, bytes.byteLength);
    }
  }
  return { ok: false, reason: 'tooLarge', smallestBytes: smallest };
}

type Loaded = { ok: true; image: Image } | { ok: false; reason: 'undecodable'; detail: string };

function load(vips: Vips, request: TranscodeRequest): Loaded {
  try {
    if (request.source === 'bmp') {
      return loadBmp(vips, request);
    }
    // Only the header is read here, to refuse decompression bombs before decoding them.
    const header = vips.Image.newFromBuffer(request.bytes, '', { access: 'sequential' });
    if (header.width * header.height > MAX_SOURCE_PIXELS) {
      return { ok: false, reason: 'undecodable', detail: `${header.width}×${header.height} pixels is more than can be decoded` };
    }
    if (request.maxLongSide === undefined) {
      return { ok: true, image: vips.Image.newFromBuffer(request.bytes, '', { fail_on: 'truncated' }).autorot() };
    }
    // thumbnail decodes at reduced size where the format allows it (JPEG), then resizes with
    // Lanczos; it also turns the image upright by its EXIF orientation.
    const image = vips.Image.thumbnailBuffer(request.bytes, request.maxLongSide, {
      height: request.maxLongSide,
      size: 'down',
      option_string: 'fail_on=truncated',
    });
    return { ok: true, image: image.copyMemory() };
  } catch (error) {
    return { ok: false, reason: 'undecodable', detail: firstLine(error) };
  }
}

function loadBmp(vips: Vips, request: TranscodeRequest): Loaded {
  const decoded = decodeBmp(request.bytes);
  if (!decoded.ok) {
    return { ok: false, reason: 'undecodable', detail: decoded.reason };
  }
  let image = vips.Image.newFromMemory(decoded.rgba, decoded.width, decoded.height, 4, vips.BandFormat.uchar).copy({ interpretation: 'srgb' });
  if (!decoded.hasAlpha) {
    image = image.extractBand(0, { n: 3 });
  }
  if (request.maxLongSide !== undefined) {
    image = image.thumbnailImage(request.maxLongSide, { height: request.maxLongSide, size: 'down' });
  }
  return { ok: true, image: image.copyMemory() };
}

/** CMYK, 16-bit, Lab and the like become 8-bit sRGB (or grey), which every encoder takes. */
function toEightBitRgbOrGrey(image: Image): Image {
  let out = image;
  const interpretation = String(out.interpretation);
  if (interpretation !== 'srgb' && interpretation !== 'b-w') {
    out = out.colourspace('srgb');
  } else if (String(out.format) !== 'uchar') {
    out = out.colourspace(interpretation === 'b-w' ? 'b-w' : 'srgb');
  }
  if (String(out.format) !== 'uchar') {
    out = out.cast('uchar');
  }
  return out;
}

interface Encoding {
  format: UploadFormat;
  encode: () => Uint8Array;
}

/** Lossless first when asked, then falling quality: JPEG for opaque images, WebP where alpha must stay. */
function encodings(image: Image, preferLossless: boolean, keep: number): Encoding[] {
  const alpha = image.hasAlpha();
  const list: Encoding[] = [];
  if (preferLossless) {
    list.push({ format: 'png', encode: () => image.pngsaveBuffer({ compression: 6, keep }) });
  }
  for (const quality of QUALITY_STEPS) {
    list.push(
      alpha
        ? { format: 'webp', encode: () => image.webpsaveBuffer({ Q: quality, keep, effort: 4 }) }
        : { format: 'jpeg', encode: () => image.jpegsaveBuffer({ Q: quality, keep, optimize_coding: true }) },
    );
  }
  return list;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim().length > 0)?.trim() ?? 'unknown error';
}
