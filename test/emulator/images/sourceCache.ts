import { createHash } from 'node:crypto';
import type { Vips } from '../../../src/imaging/loadVips';

/** An uploaded image decoded and shrunk once, kept as plain sRGB bytes (3 a pixel). */
export interface DecodedSource {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/**
 * Larger than half of the largest output's long side (1536 → 768 at working size), so a crop
 * seldom needs enlarging; small enough that decoding a 12 MP photo stays cheap (shrink-on-load).
 */
const DECODED_LONG_SIDE = 768;
/** A run asks for up to 4 outputs of one upload, a benchmark for a handful of uploads. */
const CACHED_SOURCES = 6;

const cache = new Map<string, DecodedSource | 'undecodable'>();

/**
 * The upload, decoded once per distinct bytes and shared by every output made from it; undefined
 * when libvips cannot read it (then the caller falls back to the generated pattern).
 */
export function decodeSource(vips: Vips, source: Buffer): DecodedSource | undefined {
  const digest = createHash('sha256').update(source).digest('hex');
  let entry = cache.get(digest);
  if (entry === undefined) {
    entry = decode(vips, source) ?? 'undecodable';
    cache.set(digest, entry);
    while (cache.size > CACHED_SOURCES) {
      cache.delete(cache.keys().next().value as string);
    }
  } else {
    // Most recently used goes last, so eviction takes the stalest.
    cache.delete(digest);
    cache.set(digest, entry);
  }
  return entry === 'undecodable' ? undefined : entry;
}

function decode(vips: Vips, source: Buffer): DecodedSource | undefined {
  if (source.length === 0) {
    return undefined;
  }
  const made: Array<{ delete(): void }> = [];
  const own = <T extends { delete(): void }>(object: T): T => {
    made.push(object);
    return object;
  };
  try {
    let image = own(vips.Image.thumbnailBuffer(source, DECODED_LONG_SIDE, { height: DECODED_LONG_SIDE, size: vips.Size.down }));
    if (image.hasAlpha()) {
      image = own(image.flatten({ background: [255, 255, 255] }));
    }
    image = own(image.colourspace(vips.Interpretation.srgb));
    if (image.bands > 3) {
      image = own(image.extractBand(0, { n: 3 }));
    }
    image = own(image.cast(vips.BandFormat.uchar));
    // Pixels are decoded here, so a truncated or corrupt file fails here and not later.
    const rgb = new Uint8Array(image.writeToMemory());
    return { width: image.width, height: image.height, rgb };
  } catch {
    return undefined;
  } finally {
    made.forEach((object) => object.delete());
  }
}
