/**
 * A `fetch` over Node's http/https modules, for the one call that can wait many minutes for its
 * first byte: the synchronous features call (and a server that ignores `"async": true`).
 *
 * Why not the global fetch: in VS Code's extension host it hands every request a fresh undici
 * dispatcher of its own (for the proxy and the system certificates), replacing any we pass, and
 * that dispatcher gives up waiting for response headers after undici's fixed 300 s. So
 * fluxRedux.requestTimeoutSeconds above 300 ended in a "network error". Node's http client has no
 * such timer (our own limit in exchange.ts stays in charge), and VS Code patches the http and
 * https modules with the same proxy support (http.proxy, PAC scripts, certificates). They are
 * required by their plain names, which is what VS Code's module patch answers to.
 */
import * as http from 'http';
import * as https from 'https';
import { Readable } from 'stream';
import type { ReadableStream as WebReadableStream } from 'stream/web';

type Transport = Pick<typeof http, 'request'>;

export function createNodeHttpFetch(transports: { http: Transport; https: Transport } = { http, https }): typeof globalThis.fetch {
  return (input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const transport = url.protocol === 'https:' ? transports.https : url.protocol === 'http:' ? transports.http : undefined;
      if (!transport) {
        reject(new TypeError(`Unsupported protocol ${url.protocol}`));
        return;
      }
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(new DOMException('This operation was aborted', 'AbortError'));
        return;
      }
      const method = (init.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const request = transport.request(url, { method, headers, signal }, (response) => {
        const status = response.statusCode ?? 0;
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
            answerHeaders.append(name, item);
          }
        }
        // The statuses a Response may not carry a body for.
        const noBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
        if (noBody) {
          response.resume();
        }
        try {
          resolve(
            new Response(noBody ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {
              status,
              statusText: response.statusMessage ?? '',
              headers: answerHeaders,
            }),
          );
        } catch (error) {
          response.destroy();
          reject(error);
        }
      });
      request.on('error', reject);
      const body = init.body;
      if (body === undefined || body === null) {
        request.end();
      } else if (typeof body === 'string' || body instanceof Uint8Array) {
        request.end(body);
      } else if (body instanceof ReadableStream) {
        const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
        source.on('error', (error) => request.destroy(error));
        source.pipe(request);
      } else {
        request.destroy();
        reject(new TypeError('Unsupported request body'));
      }
    });
}
