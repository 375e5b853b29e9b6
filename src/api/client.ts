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
import { t } from '../l10n';
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
        t(
          'There is nowhere to download the result “{0}” from: the server gave no link for it and the setting fluxRedux.assetBaseUrls lists no usable base.',
          resultPath,
        ),
        ctx,
        { action: 'openSettings' },
      );
    }

    const problems = new Map<string, SourceProblem>();
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
              problems.set(url, why.problem);
              this.log.warn(`GET ${withoutQuery(url)}: ${nonImageForLog(why.problem)}; trying the next source`);
              if (why.mayBeTransient) {
                again.push(url);
              }
            } else if (outcome.status === 429 || outcome.status >= 500) {
              problems.set(url, { kind: 'http', status: outcome.status });
              again.push(url);
              const after = parseRetryAfterMs(outcome.headers.get('retry-after'), this.now());
              if (after !== undefined) {
                retryAfterMs = Math.max(retryAfterMs ?? 0, after);
              }
            } else {
              // A refusal (403 from a private bucket, 404) will not change: move on at once.
              problems.set(url, { kind: 'http', status: outcome.status });
            }
            break;
          }
          case 'timeout':
            problems.set(url, { kind: 'timeout' });
            again.push(url);
            break;
          case 'transport-error':
            problems.set(url, { kind: 'unreachable', code: transportErrorCode(outcome.error) });
            again.push(url);
            break;
          case 'too-large':
            problems.set(url, { kind: 'too-large' });
            break;
          case 'redirect-refused':
            problems.set(url, { kind: 'redirected', location: outcome.location });
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
        message: t('No 1min.ai API key is set. Run “Flux Redux: Set API Key…” to add one.'),
        action: 'setApiKey',
        operation,
      });
    }
    // A header with such characters makes fetch throw an error that quotes the value: the key.
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new FluxReduxError({
        kind: 'unauthorized',
        message: t('The saved API key contains spaces or characters an API key cannot have. Run “Flux Redux: Set API Key…” to enter it again.'),
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
          t(
            'The API at {0} redirected to {1}. Your API key is sent only to {0}, so the redirect was not followed. If the API has moved, change the setting fluxRedux.apiBaseUrl.',
            host,
            outcome.location,
          ),
          { ...spec.ctx, mayHaveRun: false },
          { action: 'openSettings' },
        );
      case 'too-large':
        return makeFailure(
          'bad-response',
          t('The answer from {0} was far larger than any API answer should be.', host),
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
        t('1min.ai answered with something that is not JSON (HTTP {0}). A proxy or gateway may be in the way; see the log.', response.status),
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

/** What a download source sent instead of a complete PNG, JPEG or WebP image. */
type NonImage =
  | { kind: 'empty' }
  | { kind: 'cut-off' }
  | { kind: 'other-format'; format: string }
  | { kind: 'html' }
  | { kind: 'not-an-image' };

/** Why one download source gave no image: worded for the user only when every source failed. */
type SourceProblem =
  | NonImage
  | { kind: 'http'; status: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string | undefined }
  | { kind: 'too-large' }
  | { kind: 'redirected'; location: string };

function describeNonImage(bytes: Uint8Array, contentType: string | null): { problem: NonImage; mayBeTransient: boolean } {
  if (bytes.length === 0) {
    return { problem: { kind: 'empty' }, mayBeTransient: true };
  }
  if (sniffImage(bytes)) {
    return { problem: { kind: 'cut-off' }, mayBeTransient: true };
  }
  const other = identifyOtherFormat(bytes);
  if (other) {
    return { problem: { kind: 'other-format', format: other.toUpperCase() }, mayBeTransient: false };
  }
  const head = decodeText(bytes.subarray(0, 512)).trimStart();
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)/i.test(head)) {
    return { problem: { kind: 'html' }, mayBeTransient: false };
  }
  return { problem: { kind: 'not-an-image' }, mayBeTransient: false };
}

/** The log stays in English, whatever the display language. */
function nonImageForLog(problem: NonImage): string {
  switch (problem.kind) {
    case 'empty':
      return 'empty answer';
    case 'cut-off':
      return 'image cut off before its end';
    case 'other-format':
      return `a ${problem.format} file, not PNG, JPEG or WebP`;
    case 'html':
      return 'an HTML page, not an image';
    case 'not-an-image':
      return 'not an image';
    default:
      return assertNever(problem);
  }
}

/** Bytes arrived but were no usable image (an empty answer may just be a hiccup, so it is not one). */
function isNonImage(problem: SourceProblem): boolean {
  switch (problem.kind) {
    case 'cut-off':
    case 'other-format':
    case 'html':
    case 'not-an-image':
      return true;
    case 'empty':
    case 'http':
    case 'timeout':
    case 'unreachable':
    case 'too-large':
    case 'redirected':
      return false;
    default:
      return assertNever(problem);
  }
}

/** Short words for one entry of the "Tried …" list in a download failure. */
function problemWords(problem: SourceProblem): string {
  switch (problem.kind) {
    case 'empty':
      return t('empty answer');
    case 'cut-off':
      return t('image cut off before its end');
    case 'other-format':
      return t({ message: 'a {0} file, not PNG, JPEG or WebP', args: [problem.format], comment: ['{0} is an image format such as GIF or TIFF'] });
    case 'html':
      return t('an HTML page, not an image');
    case 'not-an-image':
      return t('not an image');
    case 'http':
      return t({ message: 'HTTP {0}', args: [problem.status], comment: ['{0} is an HTTP status code such as 403'] });
    case 'timeout':
      return t('no answer in time');
    case 'unreachable':
      return problem.code === undefined
        ? t('unreachable (network error)')
        : t({ message: 'unreachable ({0})', args: [problem.code], comment: ['{0} is a system error code such as ECONNREFUSED'] });
    case 'too-large':
      return t('too large to be a result image');
    case 'redirected':
      return t('redirected to {0}', problem.location);
    default:
      return assertNever(problem);
  }
}

function triedList(problems: Map<string, SourceProblem>): string {
  const entries = [...problems].map(([url, problem]) =>
    t({
      message: '{0}: {1}',
      args: [withoutQuery(url), problemWords(problem)],
      comment: ['One download source that was tried: {0} is its URL, {1} why it gave no image, such as "HTTP 403"'],
    }),
  );
  return entries.join(t({ message: '; ', comment: ['Separates the download sources in the list after "Tried"'] }));
}

function downloadFailure(resultPath: string, problems: Map<string, SourceProblem>, ctx: FailureContext): FluxReduxError {
  const tried = triedList(problems);
  const name = resultPath.split('/').filter(Boolean).pop() ?? resultPath;
  if (problems.size > 0 && [...problems.values()].every(isNonImage)) {
    return makeFailure(
      'not-an-image',
      t('The result “{0}” could not be downloaded as a PNG, JPEG or WebP image. Tried {1}.', name, tried),
      ctx,
      { action: 'showLog' },
    );
  }
  return makeFailure(
    'download-failed',
    t(
      'The result “{0}” could not be downloaded. Tried {1}. Retry the download; if it keeps failing, check the setting fluxRedux.assetBaseUrls.',
      name,
      tried,
    ),
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

