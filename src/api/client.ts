/**
 * The 1min.ai client: upload the source image, run the paid variation call (asynchronously with
 * polls, or synchronously), download the results. No `vscode` here: the transport, the key, the
 * clock, the poll gate and the log are passed in.
 *
 * The API key is read at each call (clientSettings.ts) and given only to calls to the checked API
 * base (apiCall.ts); the downloads from asset hosts (resultDownload.ts) never get it. When the
 * paid call may be sent again is decided in apiCall.ts.
 */
import type { UploadPayload } from '../shared/imageFormat';
import { type ApiCallEnv, MAX_API_BODY_BYTES, callApi, parseJsonAnswer } from './apiCall';
import { type UploadOptions, uploadAsset } from './assetUpload';
import { type BackoffPolicy, DEFAULT_BACKOFF, type RetryTiming, type Sleep, abortableSleep } from './backoff';
import { checkedApiBase, readApiKey, usableAssetBases } from './clientSettings';
import { checkBaseUrl } from './endpoint';
import { type ApiLog, type ExchangeEnv, decodeText, safeOrigin } from './exchange';
import type { FailureContext } from './failures';
import { type PollGate, PollLimiter } from './pollLimiter';
import { classifyRecordAnswer, isAsyncRefusal, readFinalAnswer } from './recordAnswer';
import { type GenerationMode, type GenerationRequest, variationRequestBody } from './requestBody';
import { type GenerationResult, paidCallReading } from './responses';
import { type DownloadedImage, downloadResultImage } from './resultDownload';
import { ReadyTimes, generationKind } from './readyTimes';
import { type PollEnv, type PollTarget, pollOnce, pollUntilFinal } from './resultPolling';
import { candidateUrls } from './resultUrls';

export type { ApiLog } from './exchange';
export type { UploadOptions } from './assetUpload';
export type { GenerationMode, GenerationRequest } from './requestBody';
export type { PollGate } from './pollLimiter';
export type { GenerationResult } from './responses';
export type { DownloadedImage } from './resultDownload';

/** Where the `async` flag was refused lately, by API origin (src/runs/asyncRefusals.ts keeps it). */
export interface AsyncRefusals {
  isRefused(apiOrigin: string): boolean;
  remember(apiOrigin: string): Promise<void>;
}

export interface ClientDeps {
  /** Transport: in the extension, VS Code's proxy-aware global fetch. */
  fetch: typeof globalThis.fetch;
  /**
   * Transport of the features call, which can wait minutes for its first byte; defaults to
   * `fetch`. The extension passes nodeHttpFetch.ts (no 300 s headers timeout of its own).
   */
  featuresFetch?: typeof globalThis.fetch;
  getApiKey(): Promise<string>;
  apiBaseUrl: string;
  assetBaseUrls: readonly string[];
  /**
   * The whole wait for a generation, counted from the paid call: the synchronous call's time
   * limit, or how long an asynchronous one is polled (fluxRedux.requestTimeoutSeconds).
   */
  requestTimeoutMs: number;
  /** fluxRedux.generationMode; without it the call is synchronous, as the API is without the flag. */
  generationMode?: GenerationMode;
  /** The window's poll gate, shared by every client and run; without it the client has its own. */
  pollGate?: PollGate;
  /** When the window's records were ready, to aim polls at (readyTimes.ts); without it the client learns alone. */
  readyTimes?: ReadyTimes;
  /** Origins that refused the `async` flag lately: it is not sent to them for a day. */
  asyncRefusals?: AsyncRefusals;
  /** For uploads and downloads; defaults to 120 s. */
  transferTimeoutMs?: number;
  /** Never given the key. */
  log?: ApiLog;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Overrides of the retry policy (tests, benchmark). */
  backoff?: Partial<BackoffPolicy>;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /**
   * Called once the server has accepted an asynchronous generation, before the first poll, so the
   * record id can be stored first. A failure here is logged; the paid run goes on.
   */
  onAccepted?(accepted: { recordId: string; acceptedAt: number }): Promise<void>;
}

/** A finished generation and how it ran: `async` when it was polled, `sync` otherwise. */
export interface GenerationOutcome extends GenerationResult {
  mode: GenerationMode;
}

export type FetchedResult = { kind: 'processing' } | { kind: 'finished'; result: GenerationResult };

const DEFAULT_TRANSFER_TIMEOUT_MS = 120_000;

const silentLog: ApiLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class OneMinClient {
  private readonly log: ApiLog;
  private readonly transferTimeoutMs: number;
  private readonly exchangeEnv: ExchangeEnv;
  private readonly retry: RetryTiming;
  private readonly apiCallEnv: ApiCallEnv;
  private readonly featuresCallEnv: ApiCallEnv;
  private readonly pollEnv: PollEnv;
  /** The asset base that last served a result; tried first next time. */
  private preferredAssetBase: string | undefined;

  constructor(private readonly deps: ClientDeps) {
    this.log = deps.log ?? silentLog;
    this.transferTimeoutMs = deps.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS;
    this.exchangeEnv = { fetch: deps.fetch, now: deps.now ?? (() => Date.now()), log: this.log };
    this.retry = {
      policy: { ...DEFAULT_BACKOFF, ...deps.backoff },
      random: deps.random ?? (() => Math.random()),
      sleep: deps.sleep ?? abortableSleep,
    };
    this.apiCallEnv = { exchange: this.exchangeEnv, retry: this.retry };
    this.featuresCallEnv = { exchange: { ...this.exchangeEnv, fetch: deps.featuresFetch ?? deps.fetch }, retry: this.retry };
    this.pollEnv = {
      exchange: this.exchangeEnv,
      retry: this.retry,
      gate: deps.pollGate ?? new PollLimiter({ now: this.exchangeEnv.now, sleep: this.retry.sleep }),
      readyTimes: deps.readyTimes ?? new ReadyTimes(),
    };
  }

  /** The asset base that worked last (undefined until a download from a base succeeded). */
  get workingAssetBase(): string | undefined {
    return this.preferredAssetBase;
  }

  async uploadAsset(file: UploadPayload, opts: UploadOptions = {}): Promise<{ path: string }> {
    const api = this.apiBase('upload');
    const apiKey = await this.readApiKey('upload');
    return uploadAsset(file, { api, apiKey, transferTimeoutMs: this.transferTimeoutMs }, this.apiCallEnv, opts);
  }

  /**
   * The paid call. In async mode the answer comes at once and the record is polled; a server that
   * ignores the flag answers with the finished record, as in sync mode; one that refuses it (a
   * 400/422 naming `async`) ran nothing, so the call is sent once more without it, and the flag is
   * not sent to that origin for a day.
   */
  async generateVariations(req: GenerationRequest, opts: GenerateOptions = {}): Promise<GenerationOutcome> {
    const api = this.apiBase('generate');
    const origin = safeOrigin(api);
    const apiKey = await this.readApiKey('generate');
    const ctx: FailureContext = { operation: 'generate', secrets: [apiKey] };
    let asynchronous = this.deps.generationMode === 'async';
    if (asynchronous && this.deps.asyncRefusals?.isRefused(origin)) {
      this.log.info(`Generation mode: sync, as ${origin} refused the async flag within the last day.`);
      asynchronous = false;
    } else {
      this.log.info(`Generation mode: ${asynchronous ? 'async' : 'sync'}.`);
    }
    let paidAt = this.exchangeEnv.now();
    let response = await this.sendFeatures(api, apiKey, ctx, req, asynchronous, opts.signal);
    if (asynchronous && isAsyncRefusal(response.status, decodeText(response.body))) {
      this.log.warn(
        `${origin} refused the async flag (HTTP ${response.status}), so nothing ran; sending the call once more without it, and not sending the flag there for a day.`,
      );
      await this.deps.asyncRefusals?.remember(origin).catch((error: unknown) => this.log.warn(`Could not remember the refusal: ${String(error)}`));
      asynchronous = false;
      paidAt = this.exchangeEnv.now();
      response = await this.sendFeatures(api, apiKey, ctx, req, false, opts.signal);
    }
    const ranCtx: FailureContext = { ...ctx, mayHaveRun: true };
    const json = parseJsonAnswer(response, ranCtx);
    const answer = classifyRecordAnswer(json);
    if (asynchronous && answer.kind === 'processing') {
      const result = await this.waitForRecord(api, apiKey, { ...ranCtx, recordId: answer.recordId }, paidAt, opts, generationKind(req));
      return { ...result, mode: 'async', ...paidCallReading(json) };
    }
    if (asynchronous) {
      this.log.info('The server answered the async call with a final record (it ignored the flag); reading it as a synchronous answer.');
    }
    return { ...readFinalAnswer(json, response.status, ranCtx), mode: 'sync', ...paidCallReading(json) };
  }

  /**
   * One look at a record the server accepted earlier (Fetch Results Later, a resumed run): still
   * processing, or finished with its results and a fresh `temporaryUrl`. No new generation.
   */
  async fetchResult(recordId: string, opts: { signal?: AbortSignal } = {}): Promise<FetchedResult> {
    const api = this.apiBase('generate');
    const apiKey = await this.readApiKey('generate');
    const ctx: FailureContext = { operation: 'generate', secrets: [apiKey], recordId, mayHaveRun: true };
    const answer = await pollOnce(this.pollTarget(api, apiKey, ctx, recordId, opts.signal), this.pollEnv);
    if (answer === 'processing') {
      return { kind: 'processing' };
    }
    return { kind: 'finished', result: readFinalAnswer(parseJsonAnswer(answer, ctx), answer.status, ctx) };
  }

  /**
   * Polls a record accepted earlier until it is final (a resumed run), through the window's gate,
   * bounded by requestTimeoutMs counted from `paidAt`, the paid call's time. No new generation.
   */
  async awaitRecord(recordId: string, opts: { paidAt: number; signal?: AbortSignal }): Promise<GenerationResult> {
    const api = this.apiBase('generate');
    const apiKey = await this.readApiKey('generate');
    const ctx = { operation: 'generate' as const, secrets: [apiKey], recordId, mayHaveRun: true };
    return this.waitForRecord(api, apiKey, ctx, opts.paidAt, { signal: opts.signal });
  }

  private sendFeatures(
    api: string,
    apiKey: string,
    ctx: FailureContext,
    req: GenerationRequest,
    asynchronous: boolean,
    signal: AbortSignal | undefined,
  ) {
    const body = variationRequestBody(req, { asynchronous });
    return callApi(
      {
        method: 'POST',
        url: `${api}/api/features`,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: () => body,
        apiKey,
        timeoutMs: this.deps.requestTimeoutMs,
        timeoutMode: 'total',
        maxBodyBytes: MAX_API_BODY_BYTES,
        signal,
        ctx,
        logRecordId: true,
      },
      true,
      this.featuresCallEnv,
      asynchronous ? (answer) => isAsyncRefusal(answer.status, decodeText(answer.body)) : undefined,
    );
  }

  private async waitForRecord(
    api: string,
    apiKey: string,
    ctx: FailureContext & { recordId: string },
    paidAt: number,
    opts: GenerateOptions,
    kind?: string,
  ): Promise<GenerationResult> {
    const deadline = paidAt + this.deps.requestTimeoutMs;
    this.log.info(`Record ${ctx.recordId} is being made (async mode); polling until ${new Date(deadline).toISOString()}.`);
    try {
      await opts.onAccepted?.({ recordId: ctx.recordId, acceptedAt: this.exchangeEnv.now() });
    } catch (error) {
      this.log.warn(`Could not note record ${ctx.recordId} before polling: ${error instanceof Error ? error.message : String(error)}`);
    }
    const final = await pollUntilFinal(
      { ...this.pollTarget(api, apiKey, ctx, ctx.recordId, opts.signal), kind },
      { paidAt, deadline, timeoutSeconds: Math.round(this.deps.requestTimeoutMs / 1000) },
      this.pollEnv,
    );
    const result = readFinalAnswer(final.json, final.status, ctx);
    return { ...result, recordId: result.recordId ?? ctx.recordId };
  }

  private pollTarget(api: string, apiKey: string, ctx: FailureContext, recordId: string, signal: AbortSignal | undefined): PollTarget {
    return { url: `${api}/api/results/${encodeURIComponent(recordId)}`, apiKey, recordId, ctx, maxBodyBytes: MAX_API_BODY_BYTES, signal };
  }

  async downloadResult(
    resultPath: string,
    temporaryUrl: string | undefined,
    opts: { signal?: AbortSignal } = {},
  ): Promise<DownloadedImage> {
    const bases = this.assetBases();
    const presigned = temporaryUrl && checkBaseUrl(temporaryUrl, 'temporaryUrl').ok ? temporaryUrl : undefined;
    const candidates = candidateUrls(resultPath, presigned, bases, this.preferredAssetBase);
    const { image, base } = await downloadResultImage(
      { resultPath, candidates, bases },
      { exchange: this.exchangeEnv, retry: this.retry, transferTimeoutMs: this.transferTimeoutMs },
      opts.signal,
    );
    if (base !== undefined) {
      this.preferredAssetBase = base;
    }
    return image;
  }

  private apiBase(operation: FailureContext['operation']): string {
    return checkedApiBase(this.deps.apiBaseUrl, operation);
  }

  private assetBases(): string[] {
    return usableAssetBases(this.deps.assetBaseUrls, this.log);
  }

  private readApiKey(operation: FailureContext['operation']): Promise<string> {
    return readApiKey(() => this.deps.getApiKey(), operation);
  }
}
