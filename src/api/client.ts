/**
 * The 1min.ai client: upload the source image, run the (paid, synchronous) variation call, download
 * the results. No `vscode` here: the transport, the key, the clock and the log are passed in.
 *
 * The API key is read here and given only to calls to the checked API base (apiCall.ts); the
 * downloads from asset hosts (resultDownload.ts) never get it. When the paid call may be sent
 * again is decided in apiCall.ts.
 */
import type { UploadPayload } from '../shared/imageFormat';
import { type ApiCallEnv, callApi, parseJsonAnswer } from './apiCall';
import { type BackoffPolicy, DEFAULT_BACKOFF, type RetryTiming, type Sleep, abortableSleep } from './backoff';
import { checkBaseUrl } from './endpoint';
import { isFluxReduxError } from './errors';
import type { ApiLog, ExchangeEnv } from './exchange';
import { type FailureContext, badSettingFailure, makeFailure, missingKeyFailure, unusableKeyFailure } from './failures';
import { buildMultipartBody } from './multipart';
import { type GenerationRequest, variationRequestBody } from './requestBody';
import { type GenerationResult, parseGenerationResponse, parseUploadResponse } from './responses';
import { type DownloadedImage, downloadResultImage } from './resultDownload';
import { candidateUrls } from './resultUrls';

export type { ApiLog } from './exchange';
export type { GenerationRequest } from './requestBody';
export type { GenerationResult } from './responses';
export type { DownloadedImage } from './resultDownload';

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
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Overrides of the retry policy (tests, benchmark). */
  backoff?: Partial<BackoffPolicy>;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?(sentBytes: number, totalBytes: number): void;
}

const DEFAULT_TRANSFER_TIMEOUT_MS = 120_000;
const MAX_API_BODY_BYTES = 16 * 1024 * 1024;

const silentLog: ApiLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class OneMinClient {
  private readonly log: ApiLog;
  private readonly transferTimeoutMs: number;
  private readonly exchangeEnv: ExchangeEnv;
  private readonly retry: RetryTiming;
  private readonly apiCallEnv: ApiCallEnv;
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
  }

  /** The asset base that worked last (undefined until a download from a base succeeded). */
  get workingAssetBase(): string | undefined {
    return this.preferredAssetBase;
  }

  async uploadAsset(file: UploadPayload, opts: UploadOptions = {}): Promise<{ path: string }> {
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

    const response = await callApi(
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
        timeoutMs: this.transferTimeoutMs,
        timeoutMode: 'idle',
        maxBodyBytes: MAX_API_BODY_BYTES,
        signal: opts.signal,
        ctx,
      },
      false,
      this.apiCallEnv,
    );
    const json = parseJsonAnswer(response, ctx);
    const parsed = parseUploadResponse(json);
    if (!parsed.ok) {
      throw makeFailure({ ...parsed.facts, status: response.status }, ctx, { action: 'showLog' });
    }
    report(multipart.length, multipart.length);
    return { path: parsed.path };
  }

  async generateVariations(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): Promise<GenerationResult> {
    const api = this.apiBase('generate');
    const apiKey = await this.readApiKey('generate');
    const ctx: FailureContext = { operation: 'generate', secrets: [apiKey] };
    const body = variationRequestBody(req);

    const response = await callApi(
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
      this.apiCallEnv,
    );
    const ranCtx: FailureContext = { ...ctx, mayHaveRun: true };
    const json = parseJsonAnswer(response, ranCtx);
    const parsed = parseGenerationResponse(json);
    if (!parsed.ok) {
      throw makeFailure({ ...parsed.facts, status: response.status }, { ...ranCtx, recordId: parsed.recordId }, {
        action: parsed.facts.what === 'no-credits' ? undefined : 'showLog',
      });
    }
    return parsed.result;
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
    const checked = checkBaseUrl(this.deps.apiBaseUrl, 'fluxRedux.apiBaseUrl');
    if (!checked.ok) {
      throw badSettingFailure(checked.problem, operation);
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
      throw missingKeyFailure(operation);
    }
    // A header with such characters makes fetch throw an error that quotes the value: the key.
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw unusableKeyFailure(operation);
    }
    return key;
  }
}
