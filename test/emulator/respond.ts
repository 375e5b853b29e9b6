import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lifetime } from './lifetime';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** What a private S3 bucket answers; `code` is AccessDenied, NoSuchKey or SignatureDoesNotMatch. */
export function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>EMULATOR</RequestId></Error>`;
  sendText(res, status, 'application/xml', xml);
}

/**
 * Sends the headers and the first part of `body` with the full Content-Length, then ends the
 * connection: with a TCP reset (`reset`) or a plain close (`truncated`). On loopback Node's
 * clients report both as "other side closed"; the difference is only on the wire.
 */
export function sendCutShort(res: ServerResponse, contentType: string, body: Buffer, how: 'reset' | 'close'): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
  const part = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
  res.write(part, () => {
    const socket = res.socket;
    if (!socket) {
      return;
    }
    if (how === 'reset') {
      socket.resetAndDestroy();
    } else {
      socket.destroy();
    }
  });
}

/** Reads the whole body, throttled to `bytesPerSecond` when set. Undefined when cut off. */
export async function readBody(
  req: IncomingMessage,
  bytesPerSecond: number | undefined,
  lifetime: Lifetime,
  abort: AbortSignal,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) {
      const bytes = chunk as Buffer;
      chunks.push(bytes);
      if (bytesPerSecond && bytesPerSecond > 0) {
        const waited = await lifetime.sleep((bytes.length / bytesPerSecond) * 1000, abort);
        if (!waited) {
          return undefined;
        }
      }
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}

export const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

export const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1>' +
  '<form action="/login" method="post"><input name="user"></form></body></html>';
