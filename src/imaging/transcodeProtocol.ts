/** What the extension host asks the imaging worker, and what it answers. Plain data only. */

export type SourceFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp' | 'tiff' | 'heic' | 'avif';
export type UploadFormat = 'png' | 'jpeg' | 'webp';

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
  | { ok: true; bytes: Uint8Array; format: UploadFormat; width: number; height: number }
  | { ok: false; reason: 'undecodable'; detail: string }
  | { ok: false; reason: 'tooLarge'; smallestBytes: number }
  | { ok: false; reason: 'failed'; detail: string };
