/**
 * The 1min.ai client: upload the source image, run the (paid, synchronous) variation call, download
 * the results. No `vscode` here: the transport, the key, the clock and the log are passed in.
 *
 * Two promises this file keeps: the API key goes to the API origin and nowhere else (not to asset
 * hosts, not along a redirect), and the paid call is sent again only when the server certainly did
 * not run it.
 */
import { ModelId, VariationOptions } from '../options/types';
import { BackoffPolicy, DEFAULT_BACKOFF, backoffDelayMs, parseRetryAfterMs } from './backoff';
import { checkBaseUrl } from './endpoint';
import { FluxReduxError, extractServerMessage, isFluxReduxError, redactSecrets } from './errors';
import {
  FailureContext,
  cancelledFailure,
  failedBeforeSending,
  failureFromHttpStatus,
  makeFailure,
  networkFailure,
  timeoutFailure,
  transportErrorCode,
} from './failures';
import { buildMultipartBody } from './multipart';
import { GenerationResult, parseGenerationResponse, parseUploadResponse, recordIdOf } from './responses';
import { baseOfCandidate, candidateUrls, withoutQuery } from './resultUrls';
import { assertNever } from '../shared/protocol';
import { identifyOtherFormat, isCompleteImage, sniffImage } from './sniff';

export type { GenerationResult } from './responses';

export interface ApiLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ClientDeps {
  /** Transport: in the extension, VS Code's proxy-aware global fetch. */
  fetch: typeof globalThis.fetch;
  getApiKey(): Promise<string>;
  apiBaseUrl: string;
  assetBaseUrls: readonly string[];
  /** For the features call (synchronous generation, default 300 s). */
  requestTimeoutMs: number;
  /** For uploads and downloads; defaults to 120 s. */
  transferTimeoutMs?: number;
  /** Never given the key. */
  log?: ApiLog;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  random?(): number;
  now?(): number;
  /** Overrides of the retry policy (tests, benchmark). */
  backoff?: Partial<BackoffPolicy>;
}

export interface UploadFile {
  bytes: Uint8Array;
  fileName: string;
  mimeType: string;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?(sentBytes: number, totalBytes: number): void;
}

export interface GenerationRequest {
  model: ModelId;
  imageUrl: string;
  options: VariationOptions;
}

export interface DownloadedImage {
  bytes: Uint8Array;
  format: 'png' | 'jpeg' | 'webp';
  width: number;
  height: number;
  extension: 'png' | 'jpg' | 'webp';
  /** Where it came from, without query string (a presigned signature is not kept anywhere). */
  sourceUrl: string;
}

const DEFAULT_TRANSFER_TIMEOUT_MS = 120_000;
const MAX_API_BODY_BYTES = 16 * 1024 * 1024;
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;
const MAX_SAME_ORIGIN_REDIRECTS = 5;
const IMAGE_ACCEPT = 'image/webp,image/png,image/jpeg;q=0.9,*/*;q=0.5';

type Outcome =
  | { kind: 'response'; status: number; headers: Headers; body: Uint8Array; url: string }
  | { kind: 'transport-error'; error: unknown; notSent: boolean }
  | { kind: 'timeout' }
  | { kind: 'cancelled'; afterSending: boolean }
  | { kind: 'redirect-refused'; location: string }
  | { kind: 'too-large' };

type ResponseOutcome = Extract<Outcome, { kind: 'response' }>;

interface RequestSpec {
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

const silentLog: ApiLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class OneMinClient {
  private readonly log: ApiLog;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** The asset base that last served a result; tried first next time. */
  private preferredAssetBase: string | undefined;

  constructor(private readonly deps: ClientDeps) {
    this.log = deps.log ?? silentLog;
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
  }

  /** The asset base that worked last (undefined until a download from a base succeeded). */
  get workingAssetBase(): string | undefined {
    return this.preferredAssetBase;
  }

  async uploadAsset(file: UploadFile, opts: UploadOptions = {}): Promise<{ path: string }> {
    const api = this.apiBase('upload');
    const apiKey = await this.readApiKey('upload');
    const ctx: FailureContext = { operation: 'upload', secrets: [apiKey] };
    const multipart = buildMultipartBody({ field: 'asset', ...file });
    const report = (sent: number, total: number): void => {
      try {
        opts.onProgress?.(sent, total);
      } catch {
        // A failing progress listener must not fail the upload.
      }
    };

    const response = await this.sendWithRetries(
      {
        method: 'POST',
        url: `${api}/api/assets`,
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
        apiKey,
        timeoutMs: this.deps.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS,
        timeoutMode: 'idle',
        maxBodyBytes: MAX_API_BODY_BYTES,
        signal: opts.signal,
        ctx,
      },
      false,
    );
    const json = this.parseJsonOrThrow(response, ctx);
    const parsed = parseUploadResponse(json);
    if (!parsed.ok) {
      throw makeFailure('bad-response', parsed.words, ctx, {
        serverMessage: parsed.serverMessage,
        status: response.status,
        action: 'showLog',
      });
    }
    report(multipart.length, multipart.length);
    return { path: parsed.path };
  }

  async generateVariations(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): Promise<GenerationResult> {
    const api = this.apiBase('generate');
    const apiKey = await this.readApiKey('generate');
    const ctx: FailureContext = { operation: 'generate', secrets: [apiKey] };
    const body = JSON.stringify({
      type: 'IMAGE_VARIATOR',
      model: req.model,
      promptObject: { imageUrl: req.imageUrl, ...pickPromptOptions(req.options) },
    });

    const response = await this.sendWithRetries(
      {
        method: 'POST',
        url: `${api}/api/features`,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: () => body,
        apiKey,
        timeoutMs: this.deps.requestTimeoutMs,
        timeoutMode: 'total',
        maxBodyBytes: MAX_API_BODY_BYTES,
        signal: opts.signal,
        ctx,
        logRecordId: true,
      },
      true,
    );
    const ranCtx: FailureContext = { ...ctx, mayHaveRun: true };
    const json = this.parseJsonOrThrow(response, ranCtx);
    const parsed = parseGenerationResponse(json);
    if (!parsed.ok) {
      throw makeFailure(parsed.kind, parsed.words, { ...ranCtx, recordId: parsed.recordId }, {
        serverMessage: parsed.serverMessage,
        status: response.status,
        action: parsed.kind === 'insufficient-credits' ? undefined : 'showLog',
      });
    }
    return parsed.result;
  }

  async downloadResult(
    resultPath: string,
    temporaryUrl: string | undefined,
    opts: { signal?: AbortSignal } = {},
  ): Promise<DownloadedImage> {
    const ctx: FailureContext = { operation: 'download', secrets: [] };
    const bases = this.assetBases();
    const presigned = temporaryUrl && checkBaseUrl(temporaryUrl, 'temporaryUrl').ok ? temporaryUrl : undefined;
    const candidates = candidateUrls(resultPath, presigned, bases, this.preferredAssetBase);
    if (candidates.length === 0) {
      throw makeFailure(
        'download-failed',
        `There is nowhere to download the result “${resultPath}” from: the server gave no link for it and the setting fluxRedux.assetBaseUrls lists no usable base.`,
        ctx,
        { action: 'openSettings' },
      );
    }

    const problems = new Map<string, string>();
    let pending = candidates;
    for (let round = 0; ; round++) {
      const again: string[] = [];
      let retryAfterMs: number | undefined;
      for (const url of pending) {
        const outcome = await this.send({
          method: 'GET',
          url,
          headers: { Accept: IMAGE_ACCEPT },
          timeoutMs: this.deps.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS,
          timeoutMode: 'idle',
          maxBodyBytes: MAX_IMAGE_BYTES,
          signal: opts.signal,
          ctx,
        });
        switch (outcome.kind) {
          case 'cancelled':
            throw cancelledFailure(ctx);
          case 'response': {
            if (outcome.status >= 200 && outcome.status < 300) {
              const image = isCompleteImage(outcome.body) ? sniffImage(outcome.body) : undefined;
              if (image) {
                const base = baseOfCandidate(url, resultPath, bases);
                if (base !== undefined) {
                  this.preferredAssetBase = base;
                }
                return {
                  bytes: outcome.body,
                  format: image.format,
                  width: image.width,
                  height: image.height,
                  extension: image.extension,
                  sourceUrl: withoutQuery(url),
                };
              }
              const why = describeNonImage(outcome.body, outcome.headers.get('content-type'));
              problems.set(url, why.text);
              this.log.warn(`GET ${withoutQuery(url)}: ${why.text}; trying the next source`);
              if (why.mayBeTransient) {
                again.push(url);
              }
            } else if (outcome.status === 429 || outcome.status >= 500) {
              problems.set(url, `HTTP ${outcome.status}`);
              again.push(url);
              const after = parseRetryAfterMs(outcome.headers.get('retry-after'), this.now());
              if (after !== undefined) {
                retryAfterMs = Math.max(retryAfterMs ?? 0, after);
              }
            } else {
              // A refusal (403 from a private bucket, 404) will not change: move on at once.
              problems.set(url, `HTTP ${outcome.status}`);
            }
            break;
          }
          case 'timeout':
            problems.set(url, 'no answer in time');
            again.push(url);
            break;
          case 'transport-error':
            problems.set(url, `unreachable (${transportErrorCode(outcome.error) ?? 'network error'})`);
            again.push(url);
            break;
          case 'too-large':
            problems.set(url, 'too large to be a result image');
            break;
          case 'redirect-refused':
            problems.set(url, `redirected to ${outcome.location}`);
            break;
          default:
            assertNever(outcome);
        }
      }
      if (again.length === 0 || round >= this.backoff.maxRetries) {
        break;
      }
      if (retryAfterMs !== undefined && retryAfterMs > this.backoff.maxRetryAfterMs) {
        break;
      }
      const delay = retryAfterMs ?? backoffDelayMs(round, this.backoff, this.random);
      this.log.info(`Retrying ${again.length} download source(s) in ${delay} ms`);
      await this.pause(delay, opts.signal, ctx);
      pending = again;
    }
    throw downloadFailure(resultPath, problems, ctx);
  }

  private apiBase(operation: FailureContext['operation']): string {
    const checked = checkBaseUrl(this.deps.apiBaseUrl, 'fluxRedux.apiBaseUrl');
    if (!checked.ok) {
      throw new FluxReduxError({ kind: 'invalid-request', message: checked.reason, action: 'openSettings', operation });
    }
    return checked.base;
  }

  private assetBases(): string[] {
    const usable: string[] = [];
    for (const base of this.deps.assetBaseUrls) {
      const checked = checkBaseUrl(base, 'fluxRedux.assetBaseUrls');
      if (checked.ok) {
        usable.push(checked.base);
      } else {
        this.log.warn(`Skipping an asset base: ${checked.reason}`);
      }
    }
    return usable;
  }

  private async readApiKey(operation: FailureContext['operation']): Promise<string> {
    let key = '';
    try {
      key = ((await this.deps.getApiKey()) ?? '').trim();
    } catch (error) {
      if (isFluxReduxError(error)) {
        throw error;
      }
      key = '';
    }
    if (key === '') {
      throw new FluxReduxError({
        kind: 'missing-key',
        message: 'No 1min.ai API key is set. Run “Flux Redux: Set API Key…” to add one.',
        action: 'setApiKey',
        operation,
      });
    }
    // A header with such characters makes fetch throw an error that quotes the value: the key.
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new FluxReduxError({
        kind: 'unauthorized',
        message: 'The saved API key contains spaces or characters an API key cannot have. Run “Flux Redux: Set API Key…” to enter it again.',
        action: 'setApiKey',
        operation,
      });
    }
    return key;
  }

  /** Sends with the retry policy of the operation; returns a 2xx answer or throws. */
  private async sendWithRetries(spec: RequestSpec, paid: boolean): Promise<ResponseOutcome> {
    for (let retry = 0; ; retry++) {
      const outcome = await this.send(spec);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return outcome;
      }
      const delay = this.retryDelay(outcome, paid, retry);
      if (delay === undefined) {
        throw this.failureOf(outcome, spec);
      }
      this.log.warn(
        `${spec.method} ${withoutQuery(spec.url)}: ${describeOutcome(outcome)}; retry ${retry + 1} of ${this.backoff.maxRetries} in ${delay} ms`,
      );
      await this.pause(delay, spec.signal, spec.ctx);
    }
  }

  /**
   * How long to wait before sending again, or undefined for "do not". A paid call is resent only
   * after a 429 (not processed) or a failure before a byte left; never after a timeout or a 5xx.
   */
  private retryDelay(outcome: Outcome, paid: boolean, retry: number): number | undefined {
    if (retry >= this.backoff.maxRetries) {
      return undefined;
    }
    const backoff = backoffDelayMs(retry, this.backoff, this.random);
    switch (outcome.kind) {
      case 'response': {
        const retryable = outcome.status === 429 || (!paid && outcome.status >= 500);
        if (!retryable) {
          return undefined;
        }
        const after = parseRetryAfterMs(outcome.headers.get('retry-after'), this.now());
        if (after === undefined) {
          return backoff;
        }
        return after <= this.backoff.maxRetryAfterMs ? after : undefined;
      }
      case 'transport-error':
        return !paid || outcome.notSent ? backoff : undefined;
      case 'timeout':
        return paid ? undefined : backoff;
      case 'cancelled':
      case 'redirect-refused':
      case 'too-large':
        return undefined;
      default:
        return assertNever(outcome);
    }
  }

  private failureOf(outcome: Outcome, spec: RequestSpec): FluxReduxError {
    const host = safeOrigin(spec.url);
    switch (outcome.kind) {
      case 'response': {
        const text = decodeText(outcome.body);
        const ctx = { ...spec.ctx, mayHaveRun: true, recordId: spec.logRecordId ? recordIdOf(tryParseJson(text)) : undefined };
        const retryAfterMs = parseRetryAfterMs(outcome.headers.get('retry-after'), this.now());
        return failureFromHttpStatus(outcome.status, text, outcome.headers.get('content-type') ?? undefined, ctx, retryAfterMs);
      }
      case 'transport-error':
        return networkFailure(outcome.error, host, { ...spec.ctx, mayHaveRun: !outcome.notSent });
      case 'timeout':
        return timeoutFailure(Math.round(spec.timeoutMs / 1000), { ...spec.ctx, mayHaveRun: true });
      case 'cancelled':
        return cancelledFailure({ ...spec.ctx, mayHaveRun: outcome.afterSending });
      case 'redirect-refused':
        return makeFailure(
          'invalid-request',
          `The API at ${host} redirected to ${outcome.location}. Your API key is sent only to ${host}, so the redirect was not followed. If the API has moved, change the setting fluxRedux.apiBaseUrl.`,
          { ...spec.ctx, mayHaveRun: false },
          { action: 'openSettings' },
        );
      case 'too-large':
        return makeFailure('bad-response', `The answer from ${host} was far larger than any API answer should be.`, {
          ...spec.ctx,
          mayHaveRun: true,
        }, { action: 'showLog' });
      default:
        return assertNever(outcome);
    }
  }

  /** One request, with same-origin redirects followed by hand for API calls. Never throws. */
  private async send(spec: RequestSpec): Promise<Outcome> {
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

    const started = this.now();
    const origin = safeOrigin(spec.url);
    let url = spec.url;
    let method = spec.method;
    let body = spec.body;
    try {
      for (let hop = 0; ; hop++) {
        const response = await this.deps.fetch(url, this.fetchInit(spec, method, body, controller.signal, touch));
        if (spec.apiKey !== undefined && isRedirect(response)) {
          const target = resolveLocation(response.headers.get('location'), url);
          await response.body?.cancel().catch(() => undefined);
          this.logLine('info', `${method} ${withoutQuery(url)} ${response.status} in ${this.now() - started} ms`, spec);
          if (target === undefined || safeOrigin(target) !== origin || hop >= MAX_SAME_ORIGIN_REDIRECTS) {
            return { kind: 'redirect-refused', location: target === undefined ? 'an unknown place' : withoutQuery(target) };
          }
          if (response.status === 303) {
            method = 'GET';
            body = undefined;
          }
          url = target;
          continue;
        }
        const bytes = await readCapped(response, spec.maxBodyBytes, touch);
        const duration = this.now() - started;
        if (bytes === undefined) {
          this.logLine('warn', `${method} ${withoutQuery(url)} ${response.status} in ${duration} ms: body too large`, spec);
          return { kind: 'too-large' };
        }
        const record = spec.logRecordId ? recordIdOf(tryParseJson(decodeText(bytes))) : undefined;
        const line = `${method} ${withoutQuery(url)} ${response.status} in ${duration} ms${record ? ` record ${record}` : ''}`;
        this.logLine(response.ok ? 'info' : 'warn', line, spec);
        return { kind: 'response', status: response.status, headers: response.headers, body: bytes, url };
      }
    } catch (error) {
      const duration = this.now() - started;
      if (spec.signal?.aborted) {
        this.logLine('info', `${method} ${withoutQuery(url)} cancelled after ${duration} ms`, spec);
        return { kind: 'cancelled', afterSending: true };
      }
      if (timedOut) {
        this.logLine('warn', `${method} ${withoutQuery(url)} timed out after ${duration} ms`, spec);
        return { kind: 'timeout' };
      }
      const notSent = failedBeforeSending(error);
      this.logLine(
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

  private fetchInit(
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
      // Custom headers survive cross-origin redirects in undici, so API calls follow none by themselves.
      redirect: spec.apiKey !== undefined ? 'manual' : 'follow',
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

  private parseJsonOrThrow(response: ResponseOutcome, ctx: FailureContext): unknown {
    const text = decodeText(response.body);
    const json = tryParseJson(text);
    if (json === undefined) {
      throw makeFailure(
        'bad-response',
        `1min.ai answered with something that is not JSON (HTTP ${response.status}). A proxy or gateway may be in the way; see the log.`,
        ctx,
        {
          serverMessage: extractServerMessage(text, response.headers.get('content-type') ?? undefined),
          status: response.status,
          action: 'showLog',
        },
      );
    }
    return json;
  }

  private async pause(ms: number, signal: AbortSignal | undefined, ctx: FailureContext): Promise<void> {
    try {
      await this.sleep(ms, signal);
    } catch (error) {
      if (!signal?.aborted) {
        throw error;
      }
    }
    if (signal?.aborted) {
      // Between attempts nothing is in flight, so nothing new can have been charged.
      throw cancelledFailure({ ...ctx, mayHaveRun: false });
    }
  }

  private logLine(level: keyof ApiLog, line: string, spec: RequestSpec): void {
    this.log[level](redactSecrets(line, spec.apiKey !== undefined ? [spec.apiKey] : []));
  }
}

/** Only the fields the API knows: a stray property in the options object is not sent. */
function pickPromptOptions(options: VariationOptions): VariationOptions {
  return {
    format: options.format,
    aspect_ratio: options.aspect_ratio,
    num_outputs: options.num_outputs,
    num_inference_steps: options.num_inference_steps,
    seed: options.seed,
    output_quality: options.output_quality,
    disable_safety_checker: options.disable_safety_checker,
    megapixels: options.megapixels,
  };
}

function describeNonImage(bytes: Uint8Array, contentType: string | null): { text: string; mayBeTransient: boolean } {
  if (bytes.length === 0) {
    return { text: 'empty answer', mayBeTransient: true };
  }
  if (sniffImage(bytes)) {
    return { text: 'image cut off before its end', mayBeTransient: true };
  }
  const other = identifyOtherFormat(bytes);
  if (other) {
    return { text: `a ${other.toUpperCase()} file, not PNG, JPEG or WebP`, mayBeTransient: false };
  }
  const head = decodeText(bytes.subarray(0, 512)).trimStart();
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)/i.test(head)) {
    return { text: 'an HTML page, not an image', mayBeTransient: false };
  }
  return { text: 'not an image', mayBeTransient: false };
}

function downloadFailure(resultPath: string, problems: Map<string, string>, ctx: FailureContext): FluxReduxError {
  const tried = [...problems].map(([url, problem]) => `${withoutQuery(url)}: ${problem}`).join('; ');
  const name = resultPath.split('/').filter(Boolean).pop() ?? resultPath;
  const allNonImages = problems.size > 0 && [...problems.values()].every((problem) => /not an image|not PNG|cut off/.test(problem));
  if (allNonImages) {
    return makeFailure(
      'not-an-image',
      `The result “${name}” could not be downloaded as a PNG, JPEG or WebP image. Tried ${tried}.`,
      ctx,
      { action: 'showLog' },
    );
  }
  return makeFailure(
    'download-failed',
    `The result “${name}” could not be downloaded. Tried ${tried}. Retry the download; if it keeps failing, check the setting fluxRedux.assetBaseUrls.`,
    ctx,
    { action: 'openSettings' },
  );
}

function describeOutcome(outcome: Outcome): string {
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

function safeOrigin(url: string): string {
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
  const reader = response.body.getReader();
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
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

