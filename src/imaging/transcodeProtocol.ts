/** What the extension host asks the imaging worker, and what it answers. Plain data only. */
import type { ImageFormat, OtherImageFormat } from '../shared/imageFormat';

/** What a chosen file can be and still be sent: one of ours, or one the worker converts (not SVG). */
export type SourceFormat = ImageFormat | Exclude<OtherImageFormat, 'svg'>;

export interface TranscodeRequest {
  bytes: Uint8Array;
  source: SourceFormat;
  /** Fit within this many pixels on the long side; undefined keeps the size. */
  maxLongSide?: number;
  /** The encoded result must not be larger than this. */
  targetBytes: number;
  /** Try lossless PNG before lossy encodings (for drawings, screenshots, GIFs). */
  preferLossless: boolean;
  /** May the worker shrink further when the lowest quality still does not fit? */
  allowShrink: boolean;
  keepMetadata: boolean;
}

export type TranscodeResponse =
  | { ok: true; bytes: Uint8Array; format: ImageFormat; width: number; height: number }
  | { ok: false; reason: 'undecodable'; detail: string }
  | { ok: false; reason: 'tooLarge'; smallestBytes: number }
  | { ok: false; reason: 'failed'; detail: string };

/**
 * A small preview for the history: the image fitted within `maxLongSide`, upright, as lossy WebP
 * without metadata. Only the stored copies of sources and results are asked for (PNG, JPEG, WebP).
 */
export interface ThumbnailRequest {
  bytes: Uint8Array;
  maxLongSide: number;
  /** WebP quality, 1–100. */
  quality: number;
}

export type ThumbnailResponse =
  | { ok: true; bytes: Uint8Array; width: number; height: number }
  | { ok: false; reason: 'undecodable'; detail: string }
  | { ok: false; reason: 'failed'; detail: string };

/** The AVIF/HEIF side module is loaded only by workers started for those files. */
export function needsHeifModule(source: SourceFormat): boolean {
  return source === 'avif' || source === 'heic';
}

/**
 * Between the pool and one worker thread. A worker serves many jobs, one at a time; every
 * answer carries the id of the message it answers.
 */
export type WorkerRequest =
  | { kind: 'transcode'; id: number; request: TranscodeRequest }
  | { kind: 'thumbnail'; id: number; request: ThumbnailRequest }
  /** Load libvips and run a small transcode, so the first real job finds threads and code ready. */
  | { kind: 'warmUp'; id: number };

export type WorkerAnswer =
  | { kind: 'transcoded'; id: number; response: TranscodeResponse }
  | { kind: 'thumbnailed'; id: number; response: ThumbnailResponse }
  | { kind: 'warmedUp'; id: number };
