/**
 * How long to wait before the next attempt: exponential backoff with jitter, unless the server
 * said how long (Retry-After, in seconds or as an HTTP date).
 */

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
