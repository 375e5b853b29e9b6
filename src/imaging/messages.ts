import * as l10n from '@vscode/l10n';
import { formatName } from '../shared/imageFormat';
import type { SourceFormat } from './transcodeProtocol';

/**
 * The user's words for every refusal. Each names the file, says what is wrong and what to do.
 * Each is one whole sentence for translators; a format's name (PNG, AVIF) is filled in as it is.
 */

/** English needs "an AVIF" but "a PNG", so each such message has two sentences; a translation may give both the same words. */
function takesAn(format: SourceFormat): boolean {
  return format === 'avif';
}

export function emptyFile(name: string): string {
  return l10n.t(
    '{0} is empty (0 bytes). Choose an image: Flux Redux Variations sends PNG, JPEG and WebP images and converts GIF, BMP, TIFF and AVIF ones.',
    name,
  );
}

export function notAnImage(name: string): string {
  return l10n.t(
    '{0} is not an image (its contents match no image format, whatever its name says). Flux Redux Variations sends PNG, JPEG and WebP images and converts GIF, BMP, TIFF and AVIF ones: choose one of those.',
    name,
  );
}

export function cutOff(name: string, format: SourceFormat): string {
  const shownFormat = formatName(format);
  return takesAn(format)
    ? l10n.t('{0} looks like an {1} image but is cut off or damaged. Open it in an image editor, save it again, and retry.', name, shownFormat)
    : l10n.t('{0} looks like a {1} image but is cut off or damaged. Open it in an image editor, save it again, and retry.', name, shownFormat);
}

export function unsupportedFormat(name: string, format: 'svg' | 'heic'): string {
  return format === 'svg'
    ? l10n.t(
        '{0} is an SVG image, a drawing that would first have to be rendered. Flux Redux Variations sends PNG, JPEG and WebP images and converts GIF, BMP, TIFF and AVIF ones: export it as PNG or JPEG and try again.',
        name,
      )
    : l10n.t(
        '{0} is a HEIC image, a format this extension cannot decode. Flux Redux Variations sends PNG, JPEG and WebP images and converts GIF, BMP, TIFF and AVIF ones: export it as PNG or JPEG and try again.',
        name,
      );
}

/** `detail` is the decoder's own (English) words. */
export function undecodable(name: string, format: SourceFormat, detail: string): string {
  const shownFormat = formatName(format);
  return takesAn(format)
    ? l10n.t(
        '{0} looks like an {1} image but could not be read ({2}). Flux Redux Variations sends PNG, JPEG and WebP images and converts GIF, BMP, TIFF and AVIF ones: open it in an image editor, save it as PNG or JPEG, and try again.',
        name,
        shownFormat,
        detail,
      )
    : l10n.t(
        '{0} looks like a {1} image but could not be read ({2}). Flux Redux Variations sends PNG, JPEG and WebP images and converts GIF, BMP, TIFF and AVIF ones: open it in an image editor, save it as PNG or JPEG, and try again.',
        name,
        shownFormat,
        detail,
      );
}

export function tooLarge(name: string, sentBytes: number, maxUploadBytes: number, downscaled: boolean): string {
  const size = megabytes(sentBytes);
  const limit = megabytes(maxUploadBytes);
  return downscaled
    ? l10n.t(
        '{0} would upload {1} MB even after scaling it down, over the {2} MB upload limit ("fluxRedux.maxUploadMB"). Raise "fluxRedux.maxUploadMB", or save a smaller copy of the image and choose that.',
        name,
        size,
        limit,
      )
    : l10n.t(
        '{0} would upload {1} MB, over the {2} MB upload limit ("fluxRedux.maxUploadMB"). Turn on "fluxRedux.downscaleBeforeUpload" to send a smaller copy, raise "fluxRedux.maxUploadMB", or save a smaller copy of the image.',
        name,
        size,
        limit,
      );
}

/** `detail` is the imaging worker's own (English) words. */
export function preparationFailed(name: string, detail: string): string {
  return l10n.t(
    '{0} could not be prepared for upload ({1}). Try again; if it keeps failing, save the image as PNG or JPEG and choose that.',
    name,
    detail,
  );
}

function megabytes(bytes: number): string {
  const value = bytes / 2 ** 20;
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}
