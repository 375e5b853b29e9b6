/**
 * Helpers for tests that talk to the emulator with plain `fetch` (no client code of the extension),
 * and a header reader to check what came back.
 */
import type { Emulator } from './index';

export interface ImageInfo {
  format: 'png' | 'jpeg' | 'webp';
  width: number;
  height: number;
}

/** Reads format and size from the first bytes, as a browser would; undefined when not an image. */
export function readImageInfo(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) {
    return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return jpegInfo(bytes);
  }
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return webpInfo(bytes);
  }
  return undefined;
}

function jpegInfo(bytes: Buffer): ImageInfo | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) {
      return undefined;
    }
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      return { format: 'jpeg', height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

function webpInfo(bytes: Buffer): ImageInfo | undefined {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    return { format: 'webp', width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8X') {
    return { format: 'webp', width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when it is not JSON; test/unit/emulator-answers.ts reads it as the documented shapes. */
  json: unknown;
}

async function answer(response: Response): Promise<JsonAnswer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json };
}

export async function uploadAsset(
  emulator: Emulator,
  bytes: Buffer,
  options: { fileName?: string; contentType?: string; field?: string; apiKey?: string | null } = {},
): Promise<JsonAnswer> {
  const form = new FormData();
  form.append(options.field ?? 'asset', new Blob([bytes], { type: options.contentType ?? 'image/png' }), options.fileName ?? 'cat.png');
  const key = options.apiKey === undefined ? emulator.apiKey : options.apiKey;
  return answer(
    await fetch(`${emulator.apiBaseUrl}/api/assets`, {
      method: 'POST',
      headers: key === null ? {} : { 'API-KEY': key },
      body: form,
    }),
  );
}

export async function requestFeatures(
  emulator: Emulator,
  body: unknown,
  options: { apiKey?: string | null } = {},
): Promise<JsonAnswer> {
  const key = options.apiKey === undefined ? emulator.apiKey : options.apiKey;
  return answer(
    await fetch(`${emulator.apiBaseUrl}/api/features`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key === null ? {} : { 'API-KEY': key }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** `GET /api/results/{uuid}`, the poll of an asynchronous generation. */
export async function requestResult(emulator: Emulator, uuid: string, options: { apiKey?: string | null } = {}): Promise<JsonAnswer> {
  const key = options.apiKey === undefined ? emulator.apiKey : options.apiKey;
  return answer(
    await fetch(`${emulator.apiBaseUrl}/api/results/${encodeURIComponent(uuid)}`, {
      headers: key === null ? {} : { 'API-KEY': key },
    }),
  );
}

export function variatorBody(promptObject: Record<string, unknown>, model = 'black-forest-labs/flux-redux-dev'): unknown {
  return { type: 'IMAGE_VARIATOR', model, promptObject };
}

/** Polls a condition on the next turns of the event loop; for waiting on server-side state. */
export async function waitFor(condition: () => boolean, what: string, attempts = 2000): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
