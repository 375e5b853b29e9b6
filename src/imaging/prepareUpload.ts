import { stripJpegMetadata } from './jpegMetadata';
import * as messages from './messages';
import { stripPngMetadata } from './pngMetadata';
import type { StripResult } from './stripResult';
import type { SourceFormat, TranscodeRequest, TranscodeResponse } from './transcodeProtocol';
import { stripWebpMetadata } from './webpMetadata';
import { sharedTranscoder } from './sharedTranscoder';
import type { ImageTranscoder } from './workerTranscoder';
import { assertNever } from '../shared/guards';
import { err, ok, type Result } from '../shared/result';
import {
  extensionOf,
  hasExtensionOf,
  identifyOtherFormat,
  isCompleteImage,
  isImageFormat,
  mimeTypeOf,
  sniffImage,
  type ImageFormat,
  type ImageMimeType,
  type SniffedImage,
} from '../shared/imageFormat';

/** For the extension host: warm the imaging worker while the user picks options; end it on deactivate. */
export { disposeImaging, warmUpImaging } from './sharedTranscoder';

/**
 * Turns the bytes of a chosen file into the bytes to upload: refuses what cannot be sent (with
 * words for the user), removes location and camera metadata, scales large images down to what
 * the model looks at, and converts GIF, BMP, TIFF and AVIF. Plain Node: no `vscode` here.
 */

export interface PrepareOptions {
  /** fluxRedux.downscaleBeforeUpload (default true). */
  downscale: boolean;
  /** fluxRedux.keepImageMetadata (default false). */
  keepMetadata: boolean;
  /** fluxRedux.maxUploadMB × 2^20. */
  maxUploadBytes: number;
  /** Aborting rejects the returned promise with the signal's reason and stops the worker. */
  signal?: AbortSignal;
}

export interface PreparedUpload {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  fileName: string;
  /** Of what is sent. */
  width: number;
  height: number;
  /** What the file really was, read from its bytes. */
  sourceFormat: SourceFormat;
  action: 'as-is' | 'metadata-stripped' | 'reencoded' | 'downscaled' | 'converted';
  /** For the log: what metadata was removed, or why the image was re-encoded when that was not asked for. */
  detail?: string;
}

export type PrepareResult = Result<{ upload: PreparedUpload }, { message: string }>;

export interface PrepareDependencies {
  transcoder: ImageTranscoder;
}

/** Flux Redux's image encoder looks at a few hundred pixels; 1536 leaves room for any crop. */
export const DOWNSCALE_LONG_SIDE = 1536;
/** With downscaling on, nothing larger than this is uploaded. */
export const DOWNSCALED_MAX_BYTES = 1.5 * 2 ** 20;

export async function prepareUpload(
  name: string,
  bytes: Uint8Array,
  options: PrepareOptions,
  dependencies: Partial<PrepareDependencies> = {},
): Promise<PrepareResult> {
  options.signal?.throwIfAborted();
  const displayName = baseName(name);
  if (bytes.byteLength === 0) {
    return refuse(messages.emptyFile(displayName));
  }
  const transcoder = dependencies.transcoder ?? sharedTranscoder();
  const image = sniffImage(bytes);
  if (image) {
    return prepareNative(displayName, bytes, image, options, transcoder);
  }
  const other = identifyOtherFormat(bytes);
  if (other === undefined) {
    return refuse(messages.notAnImage(displayName));
  }
  if (other === 'svg') {
    return refuse(messages.unsupportedFormat(displayName, 'svg'));
  }
  return convert(displayName, bytes, other, options, transcoder);
}

async function prepareNative(
  name: string,
  bytes: Uint8Array,
  image: SniffedImage,
  options: PrepareOptions,
  transcoder: ImageTranscoder,
): Promise<PrepareResult> {
  if (!isCompleteImage(bytes)) {
    return refuse(messages.cutOff(name, image.format));
  }
  const stripped: StripResult = options.keepMetadata ? { kind: 'nothing-to-remove', bytes } : stripMetadata(image.format, bytes);
  const target = downscaledTarget(options);
  if (options.downscale && Math.max(image.width, image.height) > DOWNSCALE_LONG_SIDE) {
    const preferLossless = image.format === 'png' && losslessMayFit(strippedSize(stripped, bytes), image, target);
    const request = transcodeRequest(bytes, image.format, options, { preferLossless });
    return finish(name, image.format, 'downscaled', await transcoder.transcode(request, options.signal), options);
  }
  switch (stripped.kind) {
    case 'unparsable': {
      // Fail closed: metadata may hide where the stripper could not follow the file, so it is
      // decoded and encoded afresh (libvips keeps no metadata but the ICC profile) or refused.
      const requestTarget = options.downscale ? target : options.maxUploadBytes;
      const preferLossless = image.format === 'png' && losslessMayFit(bytes.byteLength, image, requestTarget);
      const request = transcodeRequest(bytes, image.format, options, { preferLossless });
      const detail = `re-encoded because its metadata could not be removed from the file as it is: ${stripped.reason}`;
      return finish(name, image.format, 'reencoded', await transcoder.transcode(request, options.signal), options, detail);
    }
    case 'stripped':
    case 'nothing-to-remove':
      return sendNative(name, bytes, image, stripped, options, transcoder);
    default:
      return assertNever(stripped);
  }
}

/** A file the stripper could follow: sent without re-encoding unless it is too heavy. */
async function sendNative(
  name: string,
  original: Uint8Array,
  image: SniffedImage,
  stripped: Extract<StripResult, { bytes: Uint8Array }>,
  options: PrepareOptions,
  transcoder: ImageTranscoder,
): Promise<PrepareResult> {
  if (options.downscale && stripped.bytes.byteLength > downscaledTarget(options)) {
    const request = transcodeRequest(original, image.format, options, { preferLossless: false });
    return finish(name, image.format, 'reencoded', await transcoder.transcode(request, options.signal), options);
  }
  if (stripped.bytes.byteLength > options.maxUploadBytes) {
    return refuse(messages.tooLarge(name, stripped.bytes.byteLength, options.maxUploadBytes, false));
  }
  const upload: PreparedUpload = {
    bytes: stripped.bytes,
    mimeType: image.mimeType,
    fileName: fileNameFor(name, image.format),
    width: image.width,
    height: image.height,
    sourceFormat: image.format,
    action: stripped.kind === 'stripped' ? 'metadata-stripped' : 'as-is',
  };
  if (stripped.kind === 'stripped') {
    upload.detail = `removed ${stripped.removed.join(', ')}`;
  }
  return ok({ upload });
}

/** For the log line of a run: what became of the source, and why when it was re-encoded unasked. */
export function describePreparation(upload: PreparedUpload): string {
  return upload.detail === undefined ? upload.action : `${upload.action}: ${upload.detail}`;
}

async function convert(
  name: string,
  bytes: Uint8Array,
  format: Exclude<SourceFormat, ImageFormat>,
  options: PrepareOptions,
  transcoder: ImageTranscoder,
): Promise<PrepareResult> {
  // Drawings and lossless sources go as PNG when that fits; photos (AVIF, HEIC) as JPEG or WebP.
  const preferLossless = format === 'gif' || format === 'bmp' || format === 'tiff';
  const response = await transcoder.transcode(transcodeRequest(bytes, format, options, { preferLossless }), options.signal);
  if (!response.ok && response.reason === 'undecodable' && format === 'heic') {
    return refuse(messages.unsupportedFormat(name, 'heic'));
  }
  return finish(name, format, 'converted', response, options);
}

function stripMetadata(format: ImageFormat, bytes: Uint8Array): StripResult {
  switch (format) {
    case 'jpeg':
      return stripJpegMetadata(bytes);
    case 'png':
      return stripPngMetadata(bytes);
    case 'webp':
      return stripWebpMetadata(bytes);
  }
}

function strippedSize(stripped: StripResult, original: Uint8Array): number {
  return stripped.kind === 'unparsable' ? original.byteLength : stripped.bytes.byteLength;
}

function downscaledTarget(options: PrepareOptions): number {
  return Math.min(DOWNSCALED_MAX_BYTES, options.maxUploadBytes);
}

/**
 * A PNG keeps about the same bytes per pixel when scaled down, so a photo saved as PNG would not
 * fit as PNG at the smaller size either: trying it first would only cost an encoding. Drawings and
 * screenshots, light per pixel, are tried as PNG (a little margin, as scaling changes the ratio).
 */
function losslessMayFit(sourceBytes: number, size: { width: number; height: number }, targetBytes: number): boolean {
  const scale = Math.min(1, DOWNSCALE_LONG_SIDE / Math.max(size.width, size.height));
  return sourceBytes * scale * scale <= targetBytes * 1.25;
}

function transcodeRequest(
  bytes: Uint8Array,
  source: SourceFormat,
  options: PrepareOptions,
  { preferLossless }: { preferLossless: boolean },
): TranscodeRequest {
  return {
    bytes,
    source,
    maxLongSide: options.downscale ? DOWNSCALE_LONG_SIDE : undefined,
    targetBytes: options.downscale ? downscaledTarget(options) : options.maxUploadBytes,
    preferLossless,
    allowShrink: options.downscale,
    keepMetadata: options.keepMetadata,
  };
}

function finish(
  name: string,
  source: SourceFormat,
  action: 'downscaled' | 'reencoded' | 'converted',
  response: TranscodeResponse,
  options: PrepareOptions,
  detail?: string,
): PrepareResult {
  if (!response.ok) {
    switch (response.reason) {
      case 'undecodable':
        return refuse(
          isImageFormat(source)
            ? messages.cutOff(name, source)
            : messages.undecodable(name, source, response.detail),
        );
      case 'tooLarge':
        return refuse(messages.tooLarge(name, response.smallestBytes, options.maxUploadBytes, options.downscale));
      case 'failed':
        return refuse(messages.preparationFailed(name, response.detail));
    }
  }
  if (response.bytes.byteLength > options.maxUploadBytes) {
    return refuse(messages.tooLarge(name, response.bytes.byteLength, options.maxUploadBytes, options.downscale));
  }
  return ok({
    upload: {
      bytes: response.bytes,
      mimeType: mimeTypeOf(response.format),
      fileName: fileNameFor(name, response.format),
      width: response.width,
      height: response.height,
      sourceFormat: source,
      action,
      ...(detail === undefined ? {} : { detail }),
    },
  });
}

/** Keeps the user's name, with an extension that matches what is really sent. */
function fileNameFor(name: string, format: ImageFormat): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  if (hasExtensionOf(format, extension)) {
    return name;
  }
  return `${stem || 'image'}.${extensionOf(format)}`;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}

function refuse(message: string): PrepareResult {
  return err({ message });
}
