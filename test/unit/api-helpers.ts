/**
 * Shared by the api-*.test.ts files: hand-made image bytes and tiny loopback HTTP servers.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OneMinClient, type ClientDeps } from '../../src/api/client';
import { FluxReduxError } from '../../src/api/errors';
import type { Emulator } from '../emulator';
import { concatBytes } from '../../src/shared/bytes';

const concat = concatBytes;

function u32be(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function u32le(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function pngChunk(type: string, data: number[]): Uint8Array {
  // CRCs are not checked by the sniffer, so zeros do.
  return Uint8Array.from([...u32be(data.length), ...ascii(type), ...data, 0, 0, 0, 0]);
}

export function pngBytes(width: number, height: number, options: { withEnd?: boolean } = {}): Uint8Array {
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', [...u32be(width), ...u32be(height), 8, 6, 0, 0, 0]),
    pngChunk('IDAT', [0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]),
  ];
  if (options.withEnd !== false) {
    parts.push(pngChunk('IEND', []));
  }
  return concat(parts);
}

/** Baseline JPEG skeleton: SOI, APP0, DQT-ish filler, SOFn with the size, SOS, data, EOI. */
export function jpegBytes(width: number, height: number, options: { sof?: number; withEnd?: boolean } = {}): Uint8Array {
  const sof = options.sof ?? 0xc0;
  const bytes = [
    0xff, 0xd8,
    0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    // A DHT segment (C4) sits in the SOF range and must be skipped, not read as a frame.
    0xff, 0xc4, 0x00, 0x05, 0x00, 0x00, 0x00,
    0xff, sof, 0x00, 0x11, 0x08, (height >> 8) & 0xff, height & 0xff, (width >> 8) & 0xff, width & 0xff, 0x03,
    0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
    0x12, 0x34, 0x56, 0x78,
  ];
  if (options.withEnd !== false) {
    bytes.push(0xff, 0xd9);
  }
  return Uint8Array.from(bytes);
}

function riff(chunkType: string, data: number[]): Uint8Array {
  const padded = data.length % 2 === 1 ? [...data, 0] : data;
  const body = [...ascii('WEBP'), ...ascii(chunkType), ...u32le(data.length), ...padded];
  return Uint8Array.from([...ascii('RIFF'), ...u32le(body.length), ...body]);
}

export function webpLosslessBytes(width: number, height: number): Uint8Array {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  return riff('VP8L', [0x2f, ...u32le(bits >>> 0), 0x00, 0x00, 0x00]);
}

export function webpLossyBytes(width: number, height: number): Uint8Array {
  return riff('VP8 ', [
    0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a,
    width & 0xff, (width >> 8) & 0x3f, height & 0xff, (height >> 8) & 0x3f,
    0x00, 0x00,
  ]);
}

export function webpExtendedBytes(width: number, height: number): Uint8Array {
  const w = width - 1;
  const h = height - 1;
  return riff('VP8X', [0x10, 0, 0, 0, w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]);
}

export interface RecordedServerRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface TinyServer {
  url: string;
  requests: RecordedServerRequest[];
  close(): Promise<void>;
}

export type TinyHandler = (req: RecordedServerRequest, res: http.ServerResponse) => void | Promise<void>;

/** A loopback server that records every request (with its body) before handing it to `handler`. */
export async function startTinyServer(handler: TinyHandler): Promise<TinyServer> {
  const requests: RecordedServerRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The address a stand-in fetch was asked for, in any of the forms fetch accepts. */
export function requestUrl(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A log that keeps every line, to check what was (and was not) written. */
export function recordingLog(): { lines: string[]; info(m: string): void; warn(m: string): void; error(m: string): void } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

/** A sleep that returns at once but remembers what was asked, so retry delays can be checked. */
export function recordingSleep(): { delays: number[]; sleep: (ms: number, signal?: AbortSignal) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      if (signal?.aborted) {
        throw new Error('aborted');
      }
    },
  };
}

/** Runs `promise`, which must fail with a FluxReduxError, and returns that error. */
export async function expectFluxReduxError(promise: Promise<unknown>): Promise<FluxReduxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FluxReduxError, `expected a FluxReduxError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** A client of the real code pointed at a running emulator, with its key. */
export function emulatorClient(emulator: Emulator, overrides: Partial<ClientDeps> = {}): OneMinClient {
  return new OneMinClient({
    fetch: globalThis.fetch,
    getApiKey: async () => emulator.apiKey,
    apiBaseUrl: emulator.apiBaseUrl,
    assetBaseUrls: emulator.assetBaseUrls,
    requestTimeoutMs: 10_000,
    transferTimeoutMs: 10_000,
    ...overrides,
  });
}
