/**
 * Turns what went wrong on the wire (an HTTP status and body, a transport error, an abort) into a
 * FluxReduxError that holds the facts of it. One place decides what each answer means, so every
 * path says the same thing the same way (the words are in failureWords.ts).
 */
import type { BaseUrlProblem } from './endpoint';
import {
  type ApiOperation,
  FluxReduxError,
  type FluxReduxErrorAction,
  type FluxReduxErrorKind,
  extractErrorCode,
  extractServerMessage,
} from './errors';
import { type FailureFacts, kindOfFacts } from './failureFacts';

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
  facts: FailureFacts,
  ctx: FailureContext,
  extra: { action?: FluxReduxErrorAction; retryAfterMs?: number } = {},
): FluxReduxError {
  // The record id and the "may be charged" note are shown by the host from the fields, not the words.
  const mayBeCharged = ctx.operation === 'generate' && ctx.mayHaveRun === true && chargedAfter(kindOfFacts(facts));
  return new FluxReduxError({
    facts: { ...facts, operation: facts.operation ?? ctx.operation },
    recordId: ctx.recordId,
    action: extra.action,
    mayBeCharged,
    retryAfterMs: extra.retryAfterMs,
    secrets: ctx.secrets,
  });
}

/** No key at all: before anything is sent. */
export function missingKeyFailure(operation?: ApiOperation): FluxReduxError {
  return new FluxReduxError({ facts: { what: 'missing-key', operation }, action: 'setApiKey' });
}

/** A key that no header can carry (a fetch would quote it back in its error). */
export function unusableKeyFailure(operation: ApiOperation): FluxReduxError {
  return new FluxReduxError({ facts: { what: 'key-unusable', operation }, action: 'setApiKey' });
}

export function badSettingFailure(problem: BaseUrlProblem, operation: ApiOperation): FluxReduxError {
  return new FluxReduxError({ facts: { what: 'bad-setting', problem, operation }, action: 'openSettings' });
}

const CREDITS_PATTERN = /insufficient[_ ]credit|not enough credit|credits? (limit|exhausted|exceeded)|out of credits|no credits/i;
const WITHHELD_PATTERN = /NSFW|safety checker|flagged as (unsafe|sensitive)/i;
const KEY_PATTERN = /api[-_ ]?key/i;
const ASSET_PATTERN = /\b(asset|image ?url|file|uploaded image|image)\b/i;
const MISSING_PATTERN = /not[-_ ]found|does ?n[o']t exist|doesn't exist|no such|unknown|expired|missing/i;

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
  const answer = { operation: ctx.operation, status, serverMessage: serverMessage ?? errorCode };

  if (status === 401 || (status === 403 && KEY_PATTERN.test(said))) {
    return makeFailure({ ...answer, what: 'key-refused' }, ctx, { action: 'setApiKey' });
  }
  if (status === 402 || CREDITS_PATTERN.test(said)) {
    return makeFailure({ ...answer, what: 'no-credits' }, ctx);
  }
  if (status === 403) {
    return makeFailure({ ...answer, what: 'refused' }, ctx, { action: 'showLog' });
  }
  if (status === 413) {
    return makeFailure({ ...answer, what: 'upload-too-large' }, ctx);
  }
  if (status === 429) {
    const retryAfterSeconds = retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : undefined;
    return makeFailure({ ...answer, what: 'rate-limited', retryAfterSeconds }, ctx, { retryAfterMs });
  }
  if (status >= 500 && WITHHELD_PATTERN.test(said)) {
    // The upstream model fails the whole call when its safety checker flags every output.
    return makeFailure({ ...answer, what: 'all-withheld' }, ctx);
  }
  if (status >= 500) {
    return makeFailure({ ...answer, what: 'server-error' }, ctx, { action: 'showLog' });
  }
  if (
    ctx.operation === 'generate' &&
    status >= 400 &&
    (/(ASSET|FILE|IMAGE).*NOT_?FOUND/i.test(errorCode ?? '') || (ASSET_PATTERN.test(said) && MISSING_PATTERN.test(said)))
  ) {
    return makeFailure({ ...answer, what: 'unknown-asset' }, ctx);
  }
  if (status === 404) {
    return makeFailure({ ...answer, what: 'api-not-found' }, ctx, { action: 'openSettings' });
  }
  if (status >= 400) {
    return makeFailure({ ...answer, what: 'rejected' }, ctx, { action: 'showLog' });
  }
  return makeFailure({ ...answer, what: 'unexpected-status' }, ctx, { action: 'showLog' });
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

export function networkFailure(error: unknown, host: string, ctx: FailureContext): FluxReduxError {
  const code = transportErrorCode(error);
  return makeFailure({ what: 'unreachable', operation: ctx.operation, host, ...(code !== undefined ? { code } : {}) }, ctx, { action: 'showLog' });
}

export function timeoutFailure(seconds: number, ctx: FailureContext): FluxReduxError {
  return makeFailure({ what: 'timeout', operation: ctx.operation, seconds }, ctx, {
    action: ctx.operation === 'generate' ? 'openSettings' : undefined,
  });
}

export function cancelledFailure(ctx: FailureContext): FluxReduxError {
  return makeFailure({ what: 'cancelled', operation: ctx.operation }, ctx);
}

/** An asynchronous generation still not final when fluxRedux.requestTimeoutSeconds ran out. */
export function pollTimeoutFailure(seconds: number, ctx: FailureContext): FluxReduxError {
  return makeFailure({ what: 'poll-timeout', operation: ctx.operation, seconds }, ctx, { action: 'openSettings' });
}

/** A record that answered FAILED or FAILURE; `errorMessage` is the server's own account of it. */
export function recordFailedFailure(status: string, errorMessage: string | undefined, ctx: FailureContext): FluxReduxError {
  return makeFailure({ what: 'generation-failed', recordStatus: status, serverMessage: errorMessage }, ctx, { action: 'showLog' });
}

/** `{"aiRecord": null}` for a record the server had accepted: it no longer knows it (ctx names the record). */
export function recordLostFailure(ctx: FailureContext): FluxReduxError {
  return makeFailure({ what: 'record-lost' }, ctx, { action: 'showLog' });
}
