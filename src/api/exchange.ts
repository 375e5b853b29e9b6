/**
 * One HTTP exchange, whatever happens: redirects followed by hand, only where the caller allows
 * (API calls: the same origin, as the key must not travel elsewhere; downloads: the asset bases),
 * a time limit, a cap on the body, and a log line without key or query string. It never throws;
 * the caller decides what an outcome means.
 */
import { concatBytes } from '../shared/bytes';
import { redactSecrets } from './errors';
import { type FailureContext, failedBeforeSending, transportErrorCode } from './failures';
import { recordIdOf } from './responses';
import { withoutQuery } from './resultUrls';
import { assertNever } from '../shared/guards';
import { tryParseJson } from '../shared/json';

export interface ApiLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ExchangeEnv {
  fetch: typeof globalThis.fetch;
  now: () => number;
  log: ApiLog;
}

const MAX_REDIRECTS = 5;

/** Everything one exchange can end in; only the caller knows which of them deserve a retry. */
export type Outcome =
  | { kind: 'response'; status: number; headers: Headers; body: Uint8Array; url: string }
  | { kind: 'transport-error'; error: unknown; notSent: boolean }
  | { kind: 'timeout' }
  | { kind: 'cancelled'; afterSending: boolean }
  /** `target` (without query string) is set when it was refused for where it pointed, not for too many hops. */
  | { kind: 'redirect-refused'; location: string; target?: string }
  | { kind: 'too-large' };

export type ResponseOutcome = Extract<Outcome, { kind: 'response' }>;

export interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /**
   * Called for every send, since a stream body can be read only once. `touch` tells the idle
   * timer that bytes moved.
   */
  body?: (touch: () => void) => ReadableStream<Uint8Array> | string;
  /** Present only for API calls; such calls never follow a redirect to another origin. */
  apiKey?: string;
  /**
   * Whether a redirect to `target` may be followed (downloads: only under an asset base). Without
   * it, only a redirect to the same origin is followed.
   */
  mayFollow?: (target: string) => boolean;
  timeoutMs: number;
  /**
   * 'idle': the time limit restarts whenever bytes move (uploads and downloads of any size on any
   * link); 'total': for the features call, which sends nothing back until it is done.
   */
  timeoutMode: 'idle' | 'total';
  maxBodyBytes: number;
  signal?: AbortSignal;
  ctx: FailureContext;
  logRecordId?: boolean;
}

type FetchInit = RequestInit & { duplex?: 'half' };

/** One request with its redirects. The time limit covers reading the body too. */
export async function sendRequest(spec: RequestSpec, env: ExchangeEnv): Promise<Outcome> {
  if (spec.signal?.aborted) {
    return { kind: 'cancelled', afterSending: false };
  }
  const controller = new AbortController();
  let timedOut = false;
  const expire = (): void => {
    timedOut = true;
    controller.abort();
  };
  let timer = setTimeout(expire, spec.timeoutMs);
  const touch = (): void => {
    if (spec.timeoutMode === 'idle' && !timedOut) {
      clearTimeout(timer);
      timer = setTimeout(expire, spec.timeoutMs);
    }
  };
  const onAbort = (): void => controller.abort();
  spec.signal?.addEventListener('abort', onAbort, { once: true });

  const started = env.now();
  const origin = safeOrigin(spec.url);
  let url = spec.url;
  let method = spec.method;
  let body = spec.body;
  try {
    for (let hop = 0; ; hop++) {
      const response = await env.fetch(url, fetchInit(spec, method, body, controller.signal, touch));
      if (isRedirect(response)) {
        const target = resolveLocation(response.headers.get('location'), url);
        await response.body?.cancel().catch(() => undefined);
        logLine(env, 'info', `${method} ${withoutQuery(url)} ${response.status} in ${env.now() - started} ms`, spec);
        if (target === undefined) {
          return { kind: 'redirect-refused', location: 'an unknown place' };
        }
        const allowed = spec.mayFollow ? spec.mayFollow(target) : safeOrigin(target) === origin;
        if (!allowed) {
          return { kind: 'redirect-refused', location: withoutQuery(target), target: withoutQuery(target) };
        }
        if (hop >= MAX_REDIRECTS) {
          return { kind: 'redirect-refused', location: withoutQuery(target) };
        }
        if (response.status === 303) {
          method = 'GET';
          body = undefined;
        }
        url = target;
        continue;
      }
      const bytes = await readCapped(response, spec.maxBodyBytes, touch);
      const duration = env.now() - started;
      if (bytes === undefined) {
        logLine(env, 'warn', `${method} ${withoutQuery(url)} ${response.status} in ${duration} ms: body too large`, spec);
        return { kind: 'too-large' };
      }
      const record = spec.logRecordId ? recordIdOf(tryParseJson(decodeText(bytes))) : undefined;
      const line = `${method} ${withoutQuery(url)} ${response.status} in ${duration} ms${record ? ` record ${record}` : ''}`;
      logLine(env, response.ok ? 'info' : 'warn', line, spec);
      return { kind: 'response', status: response.status, headers: response.headers, body: bytes, url };
    }
  } catch (error) {
    const duration = env.now() - started;
    if (spec.signal?.aborted) {
      logLine(env, 'info', `${method} ${withoutQuery(url)} cancelled after ${duration} ms`, spec);
      return { kind: 'cancelled', afterSending: true };
    }
    if (timedOut) {
      logLine(env, 'warn', `${method} ${withoutQuery(url)} timed out after ${duration} ms`, spec);
      return { kind: 'timeout' };
    }
    const notSent = failedBeforeSending(error);
    logLine(env, 
      'warn',
      `${method} ${withoutQuery(url)} failed after ${duration} ms: ${transportErrorCode(error) ?? 'network error'}`,
      spec,
    );
    return { kind: 'transport-error', error, notSent };
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
  }
}

function fetchInit(
  spec: RequestSpec,
  method: string,
  body: RequestSpec['body'],
  signal: AbortSignal,
  touch: () => void,
): FetchInit {
  const headers: Record<string, string> = { ...spec.headers };
  if (body === undefined) {
    delete headers['Content-Type'];
    delete headers['Content-Length'];
  }
  if (spec.apiKey !== undefined) {
    headers['API-KEY'] = spec.apiKey;
  }
  const init: FetchInit = {
    method,
    headers,
    signal,
    // Custom headers survive cross-origin redirects in undici, and a download may be sent anywhere:
    // every hop is checked in sendRequest instead.
    redirect: 'manual',
  };
  if (body !== undefined) {
    const payload = body(touch);
    init.body = payload;
    if (typeof payload !== 'string') {
      init.duplex = 'half';
    }
  }
  return init;
}

function logLine(env: ExchangeEnv, level: keyof ApiLog, line: string, spec: RequestSpec): void {
  env.log[level](redactSecrets(line, spec.apiKey !== undefined ? [spec.apiKey] : []));
}

export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'response':
      return `HTTP ${outcome.status}`;
    case 'transport-error':
      return transportErrorCode(outcome.error) ?? 'network error';
    case 'timeout':
      return 'timed out';
    case 'cancelled':
      return 'cancelled';
    case 'redirect-refused':
      return `redirect to ${outcome.location} refused`;
    case 'too-large':
      return 'answer too large';
    default:
      return assertNever(outcome);
  }
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || [301, 302, 303, 307, 308].includes(response.status);
}

function resolveLocation(location: string | null, base: string): string | undefined {
  if (!location) {
    return undefined;
  }
  try {
    return new URL(location, base).toString();
  } catch {
    return undefined;
  }
}

export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the server';
  }
}

/** Reads the body, giving up (undefined) beyond `maxBytes` so a bad host cannot fill memory. */
async function readCapped(response: Response, maxBytes: number, onChunk: () => void): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) {
    return new Uint8Array(0);
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    onChunk();
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

