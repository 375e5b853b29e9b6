/** What a run starts from: a freshly prepared source. Plain code. */
import type { PreparedUpload } from '../imaging/prepareUpload';
import type { ModelId, VariationOptions } from '../options/types';
import type { ImageFormat } from '../shared/protocol';
import type { StartRunParams } from './runManager';

/** A source the user chose, read and prepared: what will be sent is known. */
export interface PreparedSource {
  /** The file the user chose, as a URI string. */
  uri: string;
  name: string;
  upload: PreparedUpload;
}

export function formatOfMime(mimeType: PreparedUpload['mimeType']): ImageFormat {
  switch (mimeType) {
    case 'image/png':
      return 'png';
    case 'image/jpeg':
      return 'jpeg';
    case 'image/webp':
      return 'webp';
  }
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
