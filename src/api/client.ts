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
import { FluxReduxError, extractServerMessage, isFluxReduxError } from './errors';
import {
  FailureContext,
  cancelledFailure,
  failureFromHttpStatus,
  makeFailure,
  networkFailure,
  timeoutFailure,
  transportErrorCode,
} from './failures';
import {
  ApiLog,
  ExchangeEnv,
  Outcome,
  RequestSpec,
  ResponseOutcome,
  decodeText,
  describeOutcome,
  safeOrigin,
  sendRequest,
  tryParseJson,
} from './exchange';
import { buildMultipartBody } from './multipart';
import { GenerationResult, parseGenerationResponse, parseUploadResponse, recordIdOf } from './responses';
import { baseOfCandidate, candidateUrls, withoutQuery } from './resultUrls';
import { assertNever } from '../shared/protocol';
import { identifyOtherFormat, isCompleteImage, sniffImage } from './sniff';

export type { GenerationResult } from './responses';

export type { ApiLog } from './exchange';

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
const IMAGE_ACCEPT = 'image/webp,image/png,image/jpeg;q=0.9,*/*;q=0.5';

const silentLog: ApiLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class OneMinClient {
  private readonly log: ApiLog;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly exchangeEnv: ExchangeEnv;
  /** The asset base that last served a result; tried first next time. */
  private preferredAssetBase: string | undefined;

  constructor(private readonly deps: ClientDeps) {
    this.log = deps.log ?? silentLog;
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.exchangeEnv = { fetch: deps.fetch, now: this.now, log: this.log };
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
        const request: RequestSpec = {
          method: 'GET',
          url,
          headers: { Accept: IMAGE_ACCEPT },
          timeoutMs: this.deps.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS,
          timeoutMode: 'idle',
          maxBodyBytes: MAX_IMAGE_BYTES,
          signal: opts.signal,
          ctx,
        };
        const outcome = await sendRequest(request, this.exchangeEnv);
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
      const outcome = await sendRequest(spec, this.exchangeEnv);
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
        return makeFailure(
          'bad-response',
          `The answer from ${host} was far larger than any API answer should be.`,
          { ...spec.ctx, mayHaveRun: true },
          { action: 'showLog' },
        );
      default:
        return assertNever(outcome);
    }
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

