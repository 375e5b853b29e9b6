/**
 * Waiting for an asynchronous generation: `GET /api/results/{uuid}` until the record is final.
 * Often while a result is likely, less often later, through the window's poll gate (one poll a
 * second across all runs, and not before a Retry-After). Once this window has waited for records
 * like this one, the one-second polls are shifted so that one goes out when the record is likely
 * ready (readyTimes.ts). A poll is free, so a 429, a 5xx or a network error is only a reason to
 * ask again; the whole wait ends at the deadline counted from the paid call
 * (fluxRedux.requestTimeoutSeconds).
 */
import { tryParseJson } from '../shared/json';
import { assertNever } from '../shared/guards';
import { callApi, failureOf } from './apiCall';
import { type RetryTiming, backoffDelayMs, parseRetryAfterMs } from './backoff';
import { type ExchangeEnv, type RequestSpec, type ResponseOutcome, decodeText, describeOutcome, sendRequest } from './exchange';
import { type FailureContext, cancelledFailure, pollTimeoutFailure, recordFailedFailure, recordLostFailure } from './failures';
import { POLL_INTERVAL_MS, type PollGate } from './pollLimiter';
import type { ReadyTimes } from './readyTimes';
import { classifyRecordAnswer } from './recordAnswer';
import { withoutQuery } from './resultUrls';

export interface PollEnv {
  exchange: ExchangeEnv;
  retry: RetryTiming;
  gate: PollGate;
  /** What this window has learned about when records become ready; without it, the plain schedule. */
  readyTimes?: ReadyTimes;
}

export interface PollTarget {
  /** `{api}/api/results/{uuid}` */
  url: string;
  apiKey: string;
  recordId: string;
  ctx: FailureContext;
  maxBodyBytes: number;
  signal?: AbortSignal;
  /** The settings that shape how long it takes (readyTimes.ts); unknown for a resumed run. */
  kind?: string;
}

/** A final answer, to be read as the synchronous answer is (responses.ts). */
export interface FinalAnswer {
  json: unknown;
  status: number;
}

/** One poll's own time limit; the deadline caps it further. */
const POLL_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Before the aim the polls are this far apart, a little over the gate's interval, so that a
 * timer firing a few ms late does not make the gate hold back the aimed poll.
 */
const AIMED_GRID_MS = POLL_INTERVAL_MS + 25;

/**
 * The pause before the next poll, by the time since the paid call: every second while a result
 * is likely (most finish within 20 s), then backing off to every 10 s for long generations.
 * With an aim (when records like this one were ready, in ms after the paid call), the polls
 * before it fall on a grid that lands on the aim itself, leaving out the moments before the gate
 * is free again (`gateFreeInMs` from now).
 */
export function pollDelayMs(sincePaidCallMs: number, aimMs?: number, gateFreeInMs = 0): number {
  if (aimMs !== undefined && sincePaidCallMs < aimMs) {
    // A poll the gate would hold back (another run's poll, or the last run's cost reading, went
    // out less than a second ago) would push every later one, the aimed one included, onto the
    // gate's own grid: wait for the first moment on the aimed grid that the gate allows.
    const earliest = Math.min(aimMs, sincePaidCallMs + Math.max(0, gateFreeInMs));
    return earliest - sincePaidCallMs + ((aimMs - earliest) % AIMED_GRID_MS);
  }
  if (sincePaidCallMs < 20_000) {
    return 1_000;
  }
  if (sincePaidCallMs < 60_000) {
    return 2_000;
  }
  if (sincePaidCallMs < 180_000) {
    return 5_000;
  }
  return 10_000;
}

/** Polls until the record is final; throws on FAILED, on a lost record, at the deadline, on cancel. */
export async function pollUntilFinal(
  target: PollTarget,
  timing: { paidAt: number; deadline: number; timeoutSeconds: number },
  env: PollEnv,
): Promise<FinalAnswer> {
  const { exchange, retry } = env;
  const ctx = pollContext(target);
  const aim = target.kind !== undefined ? env.readyTimes?.aimMs(target.kind) : undefined;
  /** Send time (ms after the paid call) of the last poll that saw PROCESSING. */
  let lastProcessingAt = 0;
  let failedPolls = 0;
  for (;;) {
    const gateFreeIn = env.gate.freeAt ? env.gate.freeAt() - exchange.now() : 0;
    let delay = pollDelayMs(exchange.now() - timing.paidAt, aim, gateFreeIn);
    if (failedPolls > 0) {
      delay = Math.max(delay, backoffDelayMs(failedPolls - 1, retry.policy, retry.random));
    }
    if (exchange.now() + delay >= timing.deadline) {
      await orCancel(retry.sleep(Math.max(0, timing.deadline - exchange.now()), target.signal), target.signal, ctx);
      throw pollTimeoutFailure(timing.timeoutSeconds, ctx);
    }
    await orCancel(retry.sleep(delay, target.signal), target.signal, ctx);
    await orCancel(env.gate.turn(target.signal), target.signal, ctx);
    const remaining = timing.deadline - exchange.now();
    if (remaining <= 0) {
      throw pollTimeoutFailure(timing.timeoutSeconds, ctx);
    }
    const spec = pollSpec(target, ctx, Math.min(POLL_REQUEST_TIMEOUT_MS, remaining));
    const sentAt = exchange.now() - timing.paidAt;
    const outcome = await sendRequest(spec, exchange);
    switch (outcome.kind) {
      case 'response': {
        if (outcome.status >= 200 && outcome.status < 300) {
          const json = tryParseJson(decodeText(outcome.body));
          if (json !== undefined) {
            if (readPollAnswer(json, ctx) === 'final') {
              if (target.kind !== undefined) {
                env.readyTimes?.note(target.kind, { notBefore: lastProcessingAt, by: sentAt });
              }
              return { json, status: outcome.status };
            }
            lastProcessingAt = sentAt;
            failedPolls = 0;
            continue;
          }
        } else if (outcome.status !== 429 && outcome.status < 500) {
          throw failureOf(outcome, spec, exchange.now);
        }
        const after = parseRetryAfterMs(outcome.headers.get('retry-after'), exchange.now());
        if (after !== undefined) {
          env.gate.holdUntil(exchange.now() + after);
        }
        break;
      }
      case 'transport-error':
      case 'timeout':
        break;
      case 'cancelled':
        throw cancelledFailure(ctx);
      case 'redirect-refused':
      case 'too-large':
        throw failureOf(outcome, spec, exchange.now);
      default:
        assertNever(outcome);
    }
    failedPolls += 1;
    exchange.log.warn(`GET ${withoutQuery(target.url)}: ${describeOutcome(outcome)}; polling again (the poll is free).`);
  }
}

/**
 * One poll through the gate (Fetch Results Later): 'processing', or the final answer to read as
 * the features call's answer is read (its JSON checked there).
 */
export async function pollOnce(target: PollTarget, env: PollEnv): Promise<ResponseOutcome | 'processing'> {
  const ctx = pollContext(target);
  await orCancel(env.gate.turn(target.signal), target.signal, ctx);
  const response = await callApi(pollSpec(target, ctx, POLL_REQUEST_TIMEOUT_MS), false, { exchange: env.exchange, retry: env.retry });
  const json = tryParseJson(decodeText(response.body));
  if (json !== undefined && readPollAnswer(json, ctx) === 'processing') {
    return 'processing';
  }
  return response;
}

function pollContext(target: PollTarget): FailureContext {
  return { ...target.ctx, recordId: target.recordId, mayHaveRun: true };
}

function pollSpec(target: PollTarget, ctx: FailureContext, timeoutMs: number): RequestSpec {
  return {
    method: 'GET',
    url: target.url,
    headers: { Accept: 'application/json' },
    apiKey: target.apiKey,
    timeoutMs,
    timeoutMode: 'total',
    maxBodyBytes: target.maxBodyBytes,
    signal: target.signal,
    ctx,
  };
}

/** 'processing' or 'final'; a failed or lost record throws with words. */
function readPollAnswer(json: unknown, ctx: FailureContext): 'processing' | 'final' {
  const answer = classifyRecordAnswer(json);
  switch (answer.kind) {
    case 'processing':
      return 'processing';
    case 'failed':
      if (answer.errorMessage === undefined) {
        // Without the server's words, responses.ts reads what else the record says.
        return 'final';
      }
      throw recordFailedFailure(answer.status, answer.errorMessage, ctx);
    case 'lost':
      throw recordLostFailure(ctx);
    case 'final':
      return 'final';
    default:
      return assertNever(answer);
  }
}

/** Waits for `work`; a cancel meanwhile becomes the cancel failure of this context. */
async function orCancel(work: Promise<void>, signal: AbortSignal | undefined, ctx: FailureContext): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!signal?.aborted) {
      throw error;
    }
  }
  if (signal?.aborted) {
    throw cancelledFailure(ctx);
  }
}
