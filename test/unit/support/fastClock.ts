/**
 * Time that runs `speed` times faster than the wall clock: `now()` and `sleep()` agree with each
 * other (and with concurrent sleepers), so a poll schedule of seconds plays out in milliseconds.
 */
import { abortableSleep } from '../../../src/api/backoff';

export interface FastClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function fastClock(speed = 100): FastClock {
  const realStart = performance.now();
  const start = Date.now();
  return {
    now: () => start + (performance.now() - realStart) * speed,
    sleep: (ms, signal) => abortableSleep(Math.max(0, ms / speed), signal),
  };
}

/** Every request a fetch sends, with the fast clock's time; `before` may hold one back or fail it. */
export interface SeenRequest {
  at: number;
  method: string;
  url: string;
  body?: unknown;
}

export function watchingFetch(
  clock: FastClock,
  seen: SeenRequest[],
  before?: (request: SeenRequest) => Promise<void> | void,
): typeof globalThis.fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: SeenRequest = { at: clock.now(), method: init?.method ?? 'GET', url, body: text === undefined ? undefined : (JSON.parse(text) as unknown) };
    seen.push(request);
    await before?.(request);
    return globalThis.fetch(input, init);
  };
}
