/**
 * One call to the 1min.ai API with the retry policy of its operation. The promise kept here: the
 * paid features call is sent again only when the server certainly did not run it (a 429, or a
 * failure before a byte left); uploads are also resent after a 5xx or a time-out.
 */
import { assertNever } from '../shared/guards';
import { tryParseJson } from '../shared/json';
import { type RetryTiming, backoffDelayMs, parseRetryAfterMs, pauseBeforeRetry } from './backoff';
import { type FluxReduxError, extractServerMessage } from './errors';
import { type ExchangeEnv, type Outcome, type RequestSpec, type ResponseOutcome, decodeText, describeOutcome, safeOrigin, sendRequest } from './exchange';
import { type FailureContext, cancelledFailure, failureFromHttpStatus, makeFailure, networkFailure, timeoutFailure } from './failures';
import { recordIdOf } from './responses';
import { withoutQuery } from './resultUrls';

/** The most an API answer may hold; a larger one is cut off as a failure, not read into memory. */
export const MAX_API_BODY_BYTES = 16 * 1024 * 1024;

export interface ApiCallEnv {
  exchange: ExchangeEnv;
  retry: RetryTiming;
}

/**
 * Sends with the retry policy of the operation; returns a 2xx answer, or an answer `readsItself`
 * claims (the caller reads it: a refusal of the `async` flag), or throws.
 */
export async function callApi(
  spec: RequestSpec,
  paid: boolean,
  env: ApiCallEnv,
  readsItself?: (answer: ResponseOutcome) => boolean,
): Promise<ResponseOutcome> {
  for (let retry = 0; ; retry++) {
    const outcome = await sendRequest(spec, env.exchange);
    if (outcome.kind === 'response' && ((outcome.status >= 200 && outcome.status < 300) || readsItself?.(outcome))) {
      return outcome;
    }
    const delay = retryDelay(outcome, paid, retry, env);
    if (delay === undefined) {
      throw failureOf(outcome, spec, env.exchange.now);
    }
    env.exchange.log.warn(
      `${spec.method} ${withoutQuery(spec.url)}: ${describeOutcome(outcome)}; retry ${retry + 1} of ${env.retry.policy.maxRetries} in ${delay} ms`,
    );
    await pauseBeforeRetry(env.retry.sleep, delay, spec.signal, spec.ctx);
  }
}

/**
 * How long to wait before sending again, or undefined for "do not". A paid call is resent only
 * after a 429 (not processed) or a failure before a byte left; never after a timeout or a 5xx.
 */
function retryDelay(outcome: Outcome, paid: boolean, retry: number, env: ApiCallEnv): number | undefined {
  const policy = env.retry.policy;
  if (retry >= policy.maxRetries) {
    return undefined;
  }
  const backoff = backoffDelayMs(retry, policy, env.retry.random);
  switch (outcome.kind) {
    case 'response': {
      const retryable = outcome.status === 429 || (!paid && outcome.status >= 500);
      if (!retryable) {
        return undefined;
      }
      const after = parseRetryAfterMs(outcome.headers.get('retry-after'), env.exchange.now());
      if (after === undefined) {
        return backoff;
      }
      return after <= policy.maxRetryAfterMs ? after : undefined;
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

/** The failure an outcome that is not retried stands for (exported for the polls, resultPolling.ts). */
export function failureOf(outcome: Outcome, spec: RequestSpec, now: () => number): FluxReduxError {
  const host = safeOrigin(spec.url);
  switch (outcome.kind) {
    case 'response': {
      const text = decodeText(outcome.body);
      const ctx = { ...spec.ctx, mayHaveRun: true, recordId: (spec.logRecordId ? recordIdOf(tryParseJson(text)) : undefined) ?? spec.ctx.recordId };
      const retryAfterMs = parseRetryAfterMs(outcome.headers.get('retry-after'), now());
      return failureFromHttpStatus(outcome.status, text, outcome.headers.get('content-type') ?? undefined, ctx, retryAfterMs);
    }
    case 'transport-error':
      return networkFailure(outcome.error, host, { ...spec.ctx, mayHaveRun: !outcome.notSent });
    case 'timeout':
      return timeoutFailure(Math.round(spec.timeoutMs / 1000), { ...spec.ctx, mayHaveRun: true });
    case 'cancelled':
      return cancelledFailure({ ...spec.ctx, mayHaveRun: outcome.afterSending });
    case 'redirect-refused':
      return makeFailure({ what: 'api-redirected', host, location: outcome.location }, { ...spec.ctx, mayHaveRun: false }, { action: 'openSettings' });
    case 'too-large':
      return makeFailure({ what: 'answer-too-large', host }, { ...spec.ctx, mayHaveRun: true }, { action: 'showLog' });
    default:
      return assertNever(outcome);
  }
}

/** The JSON of a 2xx answer, or a bad-response failure that quotes what came instead. */
export function parseJsonAnswer(response: ResponseOutcome, ctx: FailureContext): unknown {
  const text = decodeText(response.body);
  const json = tryParseJson(text);
  if (json === undefined) {
    const serverMessage = extractServerMessage(text, response.headers.get('content-type') ?? undefined);
    throw makeFailure({ what: 'not-json', status: response.status, serverMessage }, ctx, { action: 'showLog' });
  }
  return json;
}
