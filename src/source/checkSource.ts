import { identifyOtherFormat, isCompleteImage, sniffImage, type SniffedImage } from '../api/sniff';

export const DEFAULT_MAX_UPLOAD_MB = 50;

export type SourceCheck =
  | { ok: true; image: SniffedImage }
  | { ok: false; message: string };

const OTHER_FORMAT_NAMES: Record<string, string> = {
  gif: 'a GIF',
  bmp: 'a BMP',
  tiff: 'a TIFF',
  heic: 'a HEIC',
  avif: 'an AVIF',
  svg: 'an SVG',
};

/**
 * Decides from the bytes alone whether a file can be sent, and if not, says why in words that
 * tell the user what to do. Nothing is written anywhere before this passes.
 */
export function checkSourceBytes(name: string, bytes: Uint8Array, maxUploadBytes: number): SourceCheck {
  if (bytes.byteLength === 0) {
    return { ok: false, message: `${name} is empty (0 bytes). Choose a PNG, JPEG or WebP image.` };
  }
  const image = sniffImage(bytes);
  if (!image) {
    const other = identifyOtherFormat(bytes);
    if (other) {
      return {
        ok: false,
        message: `${name} is ${OTHER_FORMAT_NAMES[other] ?? other} image. Flux Redux takes PNG, JPEG or WebP: convert it to one of those and try again.`,
      };
    }
    return {
      ok: false,
      message: `${name} is not a PNG, JPEG or WebP image (its contents do not match any of them, whatever its name says). Choose an image file.`,
    };
  }
  if (!isCompleteImage(bytes)) {
    return {
      ok: false,
      message: `${name} looks like a ${image.format.toUpperCase()} image but is cut off or damaged. Open it in an image editor, save it again, and retry.`,
    };
  }
  if (bytes.byteLength > maxUploadBytes) {
    const mb = (bytes.byteLength / (1024 * 1024)).toFixed(1);
    const limit = Math.round(maxUploadBytes / (1024 * 1024));
    return {
      ok: false,
      message: `${name} is ${mb} MB, over the ${limit} MB upload limit. Scale it down or save it with stronger compression, or raise "fluxRedux.maxUploadMB".`,
    };
  }
  return { ok: true, image };
}
