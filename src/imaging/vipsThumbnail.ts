import type { Vips } from './loadVips';
import type { ThumbnailRequest, ThumbnailResponse } from './transcodeProtocol';
import { MadeObjects, toEightBitRgbOrGrey } from './vipsTranscode';
import { errorMessage } from '../shared/errorMessage';

/** libvips' metadata flags: none, so a thumbnail carries no EXIF, XMP or ICC bytes. */
const KEEP_NOTHING = 0;

/**
 * A history thumbnail: decoded at reduced size where the format allows (JPEG shrink-on-load, WebP
 * scaled by libwebp while decoding), turned upright by its EXIF orientation, fitted within the
 * long side (never enlarged), and encoded as WebP. Runs in the imaging worker; every libvips
 * object made here is deleted before returning, as in vipsTranscode.ts.
 */
export function thumbnailWithVips(vips: Vips, request: ThumbnailRequest): ThumbnailResponse {
  const made = new MadeObjects();
  try {
    let image;
    try {
      image = made.own(vips.Image.thumbnailBuffer(request.bytes, request.maxLongSide, {
        height: request.maxLongSide,
        size: 'down',
        option_string: 'fail_on=truncated',
      }));
      image = toEightBitRgbOrGrey(image, made);
    } catch (error) {
      return { ok: false, reason: 'undecodable', detail: firstLine(error) };
    }
    const bytes = image.webpsaveBuffer({ Q: request.quality, effort: 4, keep: KEEP_NOTHING });
    return { ok: true, bytes, width: image.width, height: image.height };
  } catch (error) {
    return { ok: false, reason: 'failed', detail: firstLine(error) };
  } finally {
    made.deleteAll();
  }
}

function firstLine(error: unknown): string {
  return errorMessage(error).split('\n').find((line) => line.trim().length > 0)?.trim() ?? 'unknown error';
}
