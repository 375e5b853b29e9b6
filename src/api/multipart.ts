/**
 * A multipart/form-data body with one file field, built by hand so that its length is known up
 * front (Content-Length instead of chunked encoding) and the bytes handed to the transport can be
 * counted for upload progress.
 */
import { randomBytes } from 'node:crypto';

export interface MultipartFile {
  field: string;
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface MultipartBody {
  contentType: string;
  length: number;
  /** A fresh stream each call (a redirect or retry needs the body again). */
  stream(onSent?: (sentBytes: number, totalBytes: number) => void): ReadableStream<Uint8Array>;
}

/** Small enough that progress moves smoothly, large enough not to cost much per chunk. */
const CHUNK_BYTES = 64 * 1024;

export function buildMultipartBody(file: MultipartFile): MultipartBody {
  const boundary = `----FluxReduxBoundary${randomBytes(12).toString('hex')}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoteParameter(file.field)}"; filename="${quoteParameter(file.fileName)}"\r\n` +
      `Content-Type: ${file.mimeType.replace(/[\r\n]/g, '')}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const parts = [head, file.bytes, tail];
  const length = head.length + file.bytes.length + tail.length;

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    stream(onSent) {
      let partIndex = 0;
      let offset = 0;
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          while (partIndex < parts.length && offset >= parts[partIndex].length) {
            partIndex++;
            offset = 0;
          }
          if (partIndex >= parts.length) {
            controller.close();
            return;
          }
          const part = parts[partIndex];
          const chunk = part.subarray(offset, Math.min(offset + CHUNK_BYTES, part.length));
          offset += chunk.length;
          sent += chunk.length;
          controller.enqueue(chunk);
          onSent?.(sent, length);
        },
      });
    },
  };
}

/** As browsers do for form data: quotes and line breaks are percent-encoded, the rest stays UTF-8. */
function quoteParameter(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
