/**
 * Puts a recipe into an image's own bytes, in the place its format keeps XMP, and finds it there
 * again. The container is read from the bytes (a file name may lie). The input is never changed:
 * a new buffer comes back. Plain: no `vscode`.
 */
import { ascii, startsWithBytes } from '../shared/bytes';
import { assertNever } from '../shared/guards';
import type { ImageFormat } from '../shared/imageFormat';
import { findJpegXmp, withJpegXmp } from './jpegXmp';
import { findPngXmp, withPngXmp } from './pngXmp';
import type { Recipe } from './recipe';
import { findWebpXmp, withWebpXmp } from './webpXmp';
import type { FoundXmp } from './xmpLimits';
import { xmpPacketBytes } from './xmpPacket';

export type Embedding = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

export function containerOf(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWithBytes(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'png';
  }
  if (startsWithBytes(bytes, [0xff, 0xd8, 0xff])) {
    return 'jpeg';
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return 'webp';
  }
  return undefined;
}

/** `bytes` with `packet` as their only XMP packet; any XMP they had is replaced. */
export function withXmp(bytes: Uint8Array, packet: Uint8Array): Embedding {
  const format = containerOf(bytes);
  if (!format) {
    return { ok: false, reason: 'not a PNG, JPEG or WebP file' };
  }
  try {
    switch (format) {
      case 'png':
        return { ok: true, bytes: withPngXmp(bytes, packet) };
      case 'jpeg':
        return { ok: true, bytes: withJpegXmp(bytes, packet) };
      case 'webp':
        return { ok: true, bytes: withWebpXmp(bytes, packet) };
      default:
        return assertNever(format);
    }
  } catch (error) {
    return { ok: false, reason: `${format}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function withRecipe(bytes: Uint8Array, recipe: Recipe): Embedding {
  return withXmp(bytes, xmpPacketBytes(recipe));
}

/** The XMP packet in an image's bytes, looked for where its format keeps it. */
export function findXmp(bytes: Uint8Array): FoundXmp {
  const format = containerOf(bytes);
  if (!format) {
    return { kind: 'invalid', reason: 'not a PNG, JPEG or WebP file' };
  }
  try {
    switch (format) {
      case 'png':
        return findPngXmp(bytes);
      case 'jpeg':
        return findJpegXmp(bytes);
      case 'webp':
        return findWebpXmp(bytes);
      default:
        return assertNever(format);
    }
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}
