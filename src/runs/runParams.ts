/**
 * What a run starts from: a freshly prepared source, or the copy of the source a finished run
 * stored (Reproduce, Run Again). Plain code.
 */
import type { PreparedUpload } from '../imaging/prepareUpload';
import type { ModelId, VariationOptions } from '../options/types';
import { extensionOf, formatOfMime, hasExtensionOf, mimeTypeOf, type ImageFormat } from '../shared/imageFormat';
import type { GenerationRecord } from './record';
import type { StartRunParams } from './runManager';

/** A source the user chose, read and prepared: what will be sent is known. */
export interface PreparedSource {
  /** The file the user chose, as a URI string. */
  uri: string;
  name: string;
  upload: PreparedUpload;
}

/** The user's file name with an extension that matches the bytes, as the first upload named it. */
function uploadFileName(name: string, format: ImageFormat): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  return hasExtensionOf(format, extension) ? name : `${stem || 'image'}.${extensionOf(format)}`;
}

export function runParamsForPrepared(
  source: PreparedSource,
  model: ModelId,
  options: VariationOptions,
  apiOrigin: string,
): StartRunParams {
  const { upload } = source;
  return {
    source: {
      uri: source.uri,
      name: source.name,
      format: formatOfMime(upload.mimeType),
      width: upload.width,
      height: upload.height,
      bytes: upload.bytes.byteLength,
    },
    // The record keeps a copy of exactly what was uploaded: that is what the model saw.
    sourceBytes: upload.bytes,
    upload: { bytes: upload.bytes, fileName: upload.fileName, mimeType: upload.mimeType },
    model,
    options,
    apiOrigin,
  };
}

/**
 * Reproduce (once Try again): the stored copy is what the model saw, so it is sent as it is (no
 * new preparation, the original file may have changed or gone), with the run's own model and
 * options, its seed included. Only the API is today's.
 */
export function runParamsForRetry(record: GenerationRecord, storedCopy: Uint8Array, apiOrigin: string): StartRunParams {
  const { source } = record;
  return {
    source: {
      uri: source.uri,
      name: source.name,
      format: source.format,
      width: source.width,
      height: source.height,
      bytes: storedCopy.byteLength,
    },
    sourceBytes: storedCopy,
    upload: { bytes: storedCopy, fileName: uploadFileName(source.name, source.format), mimeType: mimeTypeOf(source.format) },
    model: record.model,
    options: { ...record.options },
    apiOrigin,
  };
}

/** Draws that may repeat the old seed before Run Again gives up on a new one (1 in 2^32 each). */
const SEED_DRAWS = 8;

/**
 * Run Again: everything as Reproduce but the seed, which is drawn anew and differs from the
 * run's own, so the click never buys the same images twice.
 */
export function runParamsForRunAgain(
  record: GenerationRecord,
  storedCopy: Uint8Array,
  apiOrigin: string,
  drawSeed: () => number,
): StartRunParams {
  const params = runParamsForRetry(record, storedCopy, apiOrigin);
  let seed = drawSeed();
  for (let draw = 1; draw < SEED_DRAWS && seed === record.options.seed; draw++) {
    seed = drawSeed();
  }
  if (seed === record.options.seed) {
    throw new Error(`Run Again drew the old seed ${seed} ${SEED_DRAWS} times: the random source is broken.`);
  }
  return { ...params, options: { ...params.options, seed } };
}
