/**
 * Turns what went wrong on the wire (an HTTP status and body, a transport error, an abort) into a
 * FluxReduxError with words for the user. One place decides the wording, so every path says the
 * same thing the same way.
 */
import {
  type ApiOperation,
  FluxReduxError,
  type FluxReduxErrorAction,
  type FluxReduxErrorKind,
  extractErrorCode,
  extractServerMessage,
} from './errors';
import { t } from '../l10n';

export interface FailureContext {
  operation: ApiOperation;
  /** Texts to scrub from anything the server said (the API key). */
  secrets: readonly string[];
  recordId?: string;
  /** For generate: whether the paid request may have reached the server. */
  mayHaveRun?: boolean;
}

/** Whether a paid generation may have run when this kind of failure happened after sending it. */
function chargedAfter(kind: FluxReduxErrorKind): boolean {
  switch (kind) {
    case 'server-error':
    case 'timeout':
    case 'cancelled':
    case 'network':
    case 'bad-response':
    case 'not-success':
    case 'no-results':
    case 'record-lost':
      return true;
    case 'missing-key':
    case 'unauthorized':
    case 'forbidden':
    case 'payload-too-large':
    case 'rate-limited':
    case 'insufficient-credits':
    case 'unknown-asset':
    case 'download-failed':
    case 'not-an-image':
    case 'invalid-request':
      return false;
  }
}

export function makeFailure(
  kind: FluxReduxErrorKind,
  words: string,
  ctx: FailureContext,
  extra: { serverMessage?: string; status?: number; action?: FluxReduxErrorAction; retryAfterMs?: number } = {},
): FluxReduxError {
  // The record id and the "may be charged" note are shown by the host from the fields, not the words.
  const mayBeCharged = ctx.operation === 'generate' && ctx.mayHaveRun === true && chargedAfter(kind);
  return new FluxReduxError({
    kind,
    message: words,
    serverMessage: extra.serverMessage,
    status: extra.status,
    recordId: ctx.recordId,
    action: extra.action,
    mayBeCharged,
    retryAfterMs: extra.retryAfterMs,
    operation: ctx.operation,
    secrets: ctx.secrets,
  });
}

const CREDITS_PATTERN = /insufficient[_ ]credit|not enough credit|credits? (limit|exhausted|exceeded)|out of credits|no credits/i;
const WITHHELD_PATTERN = /NSFW|safety checker|flagged as (unsafe|sensitive)/i;
const KEY_PATTERN = /api[-_ ]?key/i;
const ASSET_PATTERN = /\b(asset|image ?url|file|uploaded image|image)\b/i;
const MISSING_PATTERN = /not[-_ ]found|does ?n[o']t exist|doesn't exist|no such|unknown|expired|missing/i;

/**
 * One whole sentence per operation: a translator sees each sentence as it is shown, never
 * "while {0}" with a phrase slotted in.
 */
function byOperation(operation: ApiOperation, sentences: Record<ApiOperation, () => string>): string {
  return sentences[operation]();
}

/** Maps a non-2xx answer to an error. `bodyText` is the (already size-capped) body. */
export function failureFromHttpStatus(
  status: number,
  bodyText: string,
  contentType: string | undefined,
  ctx: FailureContext,
  retryAfterMs?: number,
): FluxReduxError {
  const serverMessage = extractServerMessage(bodyText, contentType);
  const errorCode = extractErrorCode(bodyText);
  const said = `${errorCode ?? ''} ${serverMessage ?? ''}`;
  const extra = { serverMessage: serverMessage ?? errorCode, status };

  if (status === 401 || (status === 403 && KEY_PATTERN.test(said))) {
    return makeFailure(
      'unauthorized',
      t('1min.ai refused the API key (HTTP {0}). Run “Flux Redux: Set API Key…” to enter a valid key.', status),
      ctx,
      { ...extra, action: 'setApiKey' },
    );
  }
  if (status === 402 || CREDITS_PATTERN.test(said)) {
    return makeFailure(
      'insufficient-credits',
      t('Your 1min.ai account does not have enough credits for this run. Add credits on 1min.ai or ask for fewer outputs.'),
      ctx,
      extra,
    );
  }
  if (status === 403) {
    return makeFailure(
      'forbidden',
      byOperation(ctx.operation, {
        upload: () => t('1min.ai refused uploading the image (HTTP 403). Check that your account and key may use this model; the log has details.'),
        generate: () => t('1min.ai refused making the variations (HTTP 403). Check that your account and key may use this model; the log has details.'),
        download: () => t('1min.ai refused downloading a result (HTTP 403). Check that your account and key may use this model; the log has details.'),
      }),
      ctx,
      { ...extra, action: 'showLog' },
    );
  }
  if (status === 413) {
    return makeFailure(
      'payload-too-large',
      t('The image is too large for 1min.ai to accept (HTTP 413). Use a smaller file (well under 50 MB), for example by scaling it down or saving it as JPEG or WebP.'),
      ctx,
      extra,
    );
  }
  if (status === 429) {
    const words =
      retryAfterMs !== undefined
        ? t(
            '1min.ai is limiting requests right now (HTTP 429) and did not process this one. The server asked to wait {0} s. Try again in a minute.',
            Math.ceil(retryAfterMs / 1000),
          )
        : t('1min.ai is limiting requests right now (HTTP 429) and did not process this one. Try again in a minute.');
    return makeFailure('rate-limited', words, ctx, { ...extra, retryAfterMs });
  }
  if (status >= 500 && WITHHELD_PATTERN.test(said)) {
    // The upstream model fails the whole call when its safety checker flags every output.
    return makeFailure(
      'no-results',
      t('No images came back: the provider’s safety checker withheld every output. Try another seed or source image.'),
      ctx,
      extra,
    );
  }
  if (status >= 500) {
    return makeFailure(
      'server-error',
      byOperation(ctx.operation, {
        upload: () => t('1min.ai had a problem while uploading the image (HTTP {0}). Try again in a few minutes.', status),
        generate: () => t('1min.ai had a problem while making the variations (HTTP {0}). Try again in a few minutes.', status),
        download: () => t('1min.ai had a problem while downloading a result (HTTP {0}). Try again in a few minutes.', status),
      }),
      ctx,
      { ...extra, action: 'showLog' },
    );
  }
  if (
    ctx.operation === 'generate' &&
    status >= 400 &&
    (/(ASSET|FILE|IMAGE).*NOT_?FOUND/i.test(errorCode ?? '') || (ASSET_PATTERN.test(said) && MISSING_PATTERN.test(said)))
  ) {
    return makeFailure(
      'unknown-asset',
      t('1min.ai does not know the uploaded image any more (HTTP {0}). It has to be uploaded again.', status),
      ctx,
      extra,
    );
  }
  if (status === 404) {
    return makeFailure(
      'invalid-request',
      byOperation(ctx.operation, {
        upload: () => t('The 1min.ai API was not found at the configured address (HTTP 404 while uploading the image). Check the setting fluxRedux.apiBaseUrl.'),
        generate: () => t('The 1min.ai API was not found at the configured address (HTTP 404 while making the variations). Check the setting fluxRedux.apiBaseUrl.'),
        download: () => t('The 1min.ai API was not found at the configured address (HTTP 404 while downloading a result). Check the setting fluxRedux.apiBaseUrl.'),
      }),
      ctx,
      { ...extra, action: 'openSettings' },
    );
  }
  if (status >= 400) {
    return makeFailure(
      'invalid-request',
      byOperation(ctx.operation, {
        upload: () => t('1min.ai rejected the request while uploading the image (HTTP {0}).', status),
        generate: () => t('1min.ai rejected the request while making the variations (HTTP {0}).', status),
        download: () => t('1min.ai rejected the request while downloading a result (HTTP {0}).', status),
      }),
      ctx,
      { ...extra, action: 'showLog' },
    );
  }
  return makeFailure(
    'bad-response',
    byOperation(ctx.operation, {
      upload: () => t('1min.ai gave an unexpected answer while uploading the image (HTTP {0}).', status),
      generate: () => t('1min.ai gave an unexpected answer while making the variations (HTTP {0}).', status),
      download: () => t('1min.ai gave an unexpected answer while downloading a result (HTTP {0}).', status),
    }),
    ctx,
    { ...extra, action: 'showLog' },
  );
}

/** Error codes of transport failures that happen before a single byte of the request left. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The first system/undici error code found along an error's cause chain (AggregateErrors included). */
export function transportErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | undefined => {
    if (depth > 6 || typeof value !== 'object' || value === null || seen.has(value)) {
      return undefined;
    }
    seen.add(value);
    const record = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string' && record.code !== '') {
      return record.code;
    }
    if (Array.isArray(record.errors)) {
      for (const inner of record.errors) {
        const code = visit(inner, depth + 1);
        if (code) {
          return code;
        }
      }
    }
    return visit(record.cause, depth + 1);
  };
  return visit(error, 0);
}

/** True when the request certainly never reached the server (safe to resend even a paid call). */
export function failedBeforeSending(error: unknown): boolean {
  const code = transportErrorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** `code` is a system or undici error code such as ECONNREFUSED, shown as it is. */
function unreachableWords(operation: ApiOperation, host: string, code: string | undefined): string {
  if (code === undefined) {
    return byOperation(operation, {
      upload: () => t('Could not reach 1min.ai at {0} while uploading the image. Check your network connection and proxy settings.', host),
      generate: () => t('Could not reach 1min.ai at {0} while making the variations. Check your network connection and proxy settings.', host),
      download: () => t('Could not reach {0} while downloading a result.', host),
    });
  }
  return byOperation(operation, {
    upload: () => t('Could not reach 1min.ai at {0} while uploading the image ({1}). Check your network connection and proxy settings.', host, code),
    generate: () => t('Could not reach 1min.ai at {0} while making the variations ({1}). Check your network connection and proxy settings.', host, code),
    download: () => t('Could not reach {0} while downloading a result ({1}).', host, code),
  });
}

export function networkFailure(error: unknown, host: string, ctx: FailureContext): FluxReduxError {
  return makeFailure('network', unreachableWords(ctx.operation, host, transportErrorCode(error)), ctx, { action: 'showLog' });
}

export function timeoutFailure(seconds: number, ctx: FailureContext): FluxReduxError {
  const words = byOperation(ctx.operation, {
    upload: () => t('Nothing moved for {0} s while uploading the image, so it was stopped. Check your connection and try again.', seconds),
    generate: () =>
      t(
        '1min.ai did not answer within {0} s while making the variations. Large or many outputs take longer; the setting fluxRedux.requestTimeoutSeconds allows more time.',
        seconds,
      ),
    download: () => t('Nothing moved for {0} s while downloading a result, so it was stopped. Check your connection and try again.', seconds),
  });
  return makeFailure('timeout', words, ctx, { action: ctx.operation === 'generate' ? 'openSettings' : undefined });
}

export function cancelledFailure(ctx: FailureContext): FluxReduxError {
  const words = byOperation(ctx.operation, {
    upload: () => t('Cancelled while uploading the image.'),
    generate: () => t('Cancelled while making the variations.'),
    download: () => t('Cancelled while downloading a result.'),
  });
  return makeFailure('cancelled', words, ctx);
}

/** An asynchronous generation still not final when fluxRedux.requestTimeoutSeconds ran out. */
export function pollTimeoutFailure(seconds: number, ctx: FailureContext): FluxReduxError {
  return makeFailure(
    'timeout',
    t(
      '1min.ai had not finished the variations after {0} s. “Fetch Results Later” looks again without a new generation; the setting fluxRedux.requestTimeoutSeconds allows more time.',
      seconds,
    ),
    ctx,
    { action: 'openSettings' },
  );
}

/** A record that answered FAILED or FAILURE; `errorMessage` is the server's own account of it. */
export function recordFailedFailure(status: string, errorMessage: string | undefined, ctx: FailureContext): FluxReduxError {
  return makeFailure('not-success', t('1min.ai reports that the variations failed (status {0}).', status), ctx, {
    serverMessage: errorMessage,
    action: 'showLog',
  });
}

/** `{"aiRecord": null}` for a record the server had accepted: it no longer knows it. */
export function recordLostFailure(ctx: FailureContext): FluxReduxError {
  return makeFailure(
    'record-lost',
    t('1min.ai no longer knows the generation it had accepted, so its results cannot be fetched. Credits may have been spent; 1min.ai support can look the record up.'),
    ctx,
    { action: 'showLog' },
  );
}
