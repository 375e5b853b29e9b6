/**
 * The upload of the source image (`POST /api/assets`), streamed as multipart with progress. Not
 * paid, so apiCall.ts may send it again after a 5xx or a time-out.
 */
import type { UploadPayload } from '../shared/imageFormat';
import { type ApiCallEnv, MAX_API_BODY_BYTES, callApi, parseJsonAnswer } from './apiCall';
import { type FailureContext, makeFailure } from './failures';
import { buildMultipartBody } from './multipart';
import { parseUploadResponse } from './responses';

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?(sentBytes: number, totalBytes: number): void;
}

/** Where the upload goes: the checked API base, with the key read for this call. */
export interface UploadTarget {
  api: string;
  apiKey: string;
  /** Without a byte sent or received for this long, the upload has timed out. */
  transferTimeoutMs: number;
}

export async function uploadAsset(
  file: UploadPayload,
  target: UploadTarget,
  env: ApiCallEnv,
  opts: UploadOptions = {},
): Promise<{ path: string }> {
  const ctx: FailureContext = { operation: 'upload', secrets: [target.apiKey] };
  const multipart = buildMultipartBody({ field: 'asset', ...file });
  const report = (sent: number, total: number): void => {
    try {
      opts.onProgress?.(sent, total);
    } catch {
      // A failing progress listener must not fail the upload.
    }
  };

  const response = await callApi(
    {
      method: 'POST',
      url: `${target.api}/api/assets`,
      headers: {
        'Content-Type': multipart.contentType,
        'Content-Length': String(multipart.length),
        Accept: 'application/json',
      },
      body: (touch) =>
        multipart.stream((sent, total) => {
          touch();
          report(sent, total);
        }),
      apiKey: target.apiKey,
      timeoutMs: target.transferTimeoutMs,
      timeoutMode: 'idle',
      maxBodyBytes: MAX_API_BODY_BYTES,
      signal: opts.signal,
      ctx,
    },
    false,
    env,
  );
  const json = parseJsonAnswer(response, ctx);
  const parsed = parseUploadResponse(json);
  if (!parsed.ok) {
    throw makeFailure({ ...parsed.facts, status: response.status }, ctx, { action: 'showLog' });
  }
  report(multipart.length, multipart.length);
  return { path: parsed.path };
}
