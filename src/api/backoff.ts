/**
 * How long to wait before the next attempt: exponential backoff with jitter, unless the server
 * said how long (Retry-After, in seconds or as an HTTP date); and the wait itself, which a cancel
 * cuts short.
 */
import { type FailureContext, cancelledFailure } from './failures';

export interface BackoffPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for; the failure is reported instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Delay before retry number `retry` (0 for the first retry). Jitter keeps many clients from
 * retrying in step: the delay is drawn from the upper half of the exponential step.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (step / 2) * random());
}

/** Retry-After in milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - nowMs);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
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

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** What a retry loop needs to decide how long to wait, and to wait. */
export interface RetryTiming {
  policy: BackoffPolicy;
  random: () => number;
  sleep: Sleep;
}

/**
 * The wait between two attempts. A cancel during it is reported as a cancel that charged nothing:
 * between attempts nothing is in flight, so nothing new can have been charged.
 */
export async function pauseBeforeRetry(sleep: Sleep, ms: number, signal: AbortSignal | undefined, ctx: FailureContext): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (error) {
    if (!signal?.aborted) {
      throw error;
    }
  }
  if (signal?.aborted) {
    throw cancelledFailure({ ...ctx, mayHaveRun: false });
  }
}
