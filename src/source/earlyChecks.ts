/**
 * The checks a chosen file gets before any question is asked: the cheap ones (its size, its magic
 * bytes, whether its end is there), so that a file that cannot be sent is refused before the first
 * quick pick rather than after the last. Scaling and converting still run while the picks are open
 * (src/imaging/prepareUpload.ts), and say the final word. Plain: no `vscode`.
 */
import * as messages from '../imaging/messages';
import * as l10n from '@vscode/l10n';
import { identifyOtherFormat, isCompleteImage, sniffImage } from '../shared/imageFormat';

/** The settings that decide what may be sent. */
export interface SourceLimits {
  /** fluxRedux.downscaleBeforeUpload */
  downscale: boolean;
  /** fluxRedux.keepImageMetadata */
  keepMetadata: boolean;
  /** fluxRedux.maxUploadMB × 2^20 */
  maxUploadBytes: number;
}

/**
 * No file larger than this is read as a source, whatever the upload limit: the decoder refuses
 * images over 250 megapixels anyway, and reading several gigabytes into the extension host to find
 * that out would stall it. A larger upload limit raises it.
 */
export const SOURCE_READ_CEILING_BYTES = 2 ** 30;

/** What the cheap checks make of a file. */
export type EarlyVerdict =
  /** It cannot be sent: say why before asking anything. */
  | { kind: 'refuse'; message: string }
  /** Nothing cheap speaks against it; preparing it while the picks are open says the rest. */
  | { kind: 'ask' }
  /**
   * Only its size after metadata is removed decides, and getting that is cheap here (no scaling,
   * no converting): prepare it before asking.
   */
  | { kind: 'prepareFirst' };

export function readCeilingBytes(limits: SourceLimits): number {
  return Math.max(SOURCE_READ_CEILING_BYTES, limits.maxUploadBytes);
}

/** From the file's size alone (a stat), before it is read. */
export function refusalBySize(name: string, sizeBytes: number, limits: SourceLimits): string | undefined {
  const ceiling = readCeilingBytes(limits);
  if (sizeBytes <= ceiling) {
    return undefined;
  }
  return l10n.t(
    '{0} is {1} MB, too large to use as a source image (at most {2} MB is read). Save a smaller copy of the image and choose that.',
    name,
    wholeMegabytes(sizeBytes),
    wholeMegabytes(ceiling),
  );
}

/** From the file's bytes, without decoding or scaling them. */
export function verdictOnContent(name: string, bytes: Uint8Array, limits: SourceLimits): EarlyVerdict {
  if (bytes.byteLength === 0) {
    return refuse(messages.emptyFile(name));
  }
  const image = sniffImage(bytes);
  if (image) {
    if (!isCompleteImage(bytes)) {
      return refuse(messages.cutOff(name, image.format));
    }
    if (limits.downscale || bytes.byteLength <= limits.maxUploadBytes) {
      return { kind: 'ask' };
    }
    // Without downscaling, a PNG, JPEG or WebP goes as it is, less its metadata.
    return limits.keepMetadata
      ? refuse(messages.tooLarge(name, bytes.byteLength, limits.maxUploadBytes, false))
      : { kind: 'prepareFirst' };
  }
  const other = identifyOtherFormat(bytes);
  if (other === undefined) {
    return refuse(messages.notAnImage(name));
  }
  if (other === 'svg') {
    return refuse(messages.unsupportedFormat(name, 'svg'));
  }
  // GIF, BMP, TIFF, AVIF and HEIC are converted: only the decoder can tell whether that works.
  return { kind: 'ask' };
}

/** A file left out, and why in the user's words (the reason names the file). */
export interface RefusedSource {
  name: string;
  reason: string;
}

/** The text of the one modal that names every refused file of a selection. */
export interface RefusalDialog {
  message: string;
  /** The whole reasons, one paragraph each: a modal shows them all, a notification would cut them. */
  detail: string;
}

/** `goingOn`: how many of the selected files are still used. */
export function refusalDialog(refused: readonly RefusedSource[], goingOn: number): RefusalDialog {
  const detail = refused.map((source) => source.reason).join('\n\n');
  const [only] = refused;
  if (refused.length === 1 && only) {
    return {
      message: goingOn > 0
        ? l10n.t('Skipping {0}: variations are made of the rest of the selection.', only.name)
        : l10n.t('Flux Redux Variations cannot make variations of {0}.', only.name),
      detail,
    };
  }
  return {
    message: goingOn > 0
      ? l10n.t('Skipping {0} of the selected files: variations are made of the rest of the selection.', refused.length)
      : l10n.t('Flux Redux Variations cannot make variations of any of the {0} selected files.', refused.length),
    detail,
  };
}

function refuse(message: string): EarlyVerdict {
  return { kind: 'refuse', message };
}

function wholeMegabytes(bytes: number): string {
  return Math.ceil(bytes / 2 ** 20).toString();
}
