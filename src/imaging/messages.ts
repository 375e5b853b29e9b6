import type { SourceFormat } from './transcodeProtocol';

/** The user's words for every refusal. Each names the file, says what is wrong and what to do. */

export const SENT_AS_IS = 'PNG, JPEG and WebP';
export const CONVERTED = 'GIF, BMP, TIFF and AVIF';
const TAKES = `Flux Redux Variations sends ${SENT_AS_IS} images and converts ${CONVERTED} ones`;

const FORMAT_NAMES: Record<SourceFormat | 'svg', string> = {
  png: 'a PNG',
  jpeg: 'a JPEG',
  webp: 'a WebP',
  gif: 'a GIF',
  bmp: 'a BMP',
  tiff: 'a TIFF',
  heic: 'a HEIC',
  avif: 'an AVIF',
  svg: 'an SVG',
};

export function emptyFile(name: string): string {
  return `${name} is empty (0 bytes). Choose an image: ${TAKES}.`;
}

export function notAnImage(name: string): string {
  return `${name} is not an image (its contents match no image format, whatever its name says). ${TAKES}: choose one of those.`;
}

export function cutOff(name: string, format: SourceFormat): string {
  return `${name} looks like ${FORMAT_NAMES[format]} image but is cut off or damaged. Open it in an image editor, save it again, and retry.`;
}

export function unsupportedFormat(name: string, format: 'svg' | 'heic'): string {
  const why = format === 'svg' ? 'a drawing that would first have to be rendered' : 'a format this extension cannot decode';
  return `${name} is ${FORMAT_NAMES[format]} image, ${why}. ${TAKES}: export it as PNG or JPEG and try again.`;
}

export function undecodable(name: string, format: SourceFormat, detail: string): string {
  return `${name} looks like ${FORMAT_NAMES[format]} image but could not be read (${detail}). ${TAKES}: open it in an image editor, save it as PNG or JPEG, and try again.`;
}

export function tooLarge(name: string, sentBytes: number, maxUploadBytes: number, downscaled: boolean): string {
  const size = megabytes(sentBytes);
  const limit = megabytes(maxUploadBytes);
  const prepared = downscaled ? ' even after scaling it down' : '';
  const advice = downscaled
    ? 'Raise "fluxRedux.maxUploadMB", or save a smaller copy of the image and choose that.'
    : 'Turn on "fluxRedux.downscaleBeforeUpload" to send a smaller copy, raise "fluxRedux.maxUploadMB", or save a smaller copy of the image.';
  return `${name} would upload ${size} MB${prepared}, over the ${limit} MB upload limit ("fluxRedux.maxUploadMB"). ${advice}`;
}

export function preparationFailed(name: string, detail: string): string {
  return `${name} could not be prepared for upload (${detail}). Try again; if it keeps failing, save the image as PNG or JPEG and choose that.`;
}

function megabytes(bytes: number): string {
  const value = bytes / 2 ** 20;
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}
