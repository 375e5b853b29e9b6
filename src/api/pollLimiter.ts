/**
 * How often this window may ask 1min.ai how a record stands: at most once per interval (1 s),
 * whatever number of runs are waiting, and not before a `Retry-After` the server gave. The
 * extension makes one and shares it between every client and run of the window.
 */
import type { Sleep } from './backoff';

export interface PollGate {
  /** Resolves when a poll may go out now; rejects when `signal` aborts first. */
  turn(signal?: AbortSignal): Promise<void>;
  /** The server asked to wait (Retry-After): no poll goes out before `untilMs` (epoch ms). */
  holdUntil(untilMs: number): void;
  /**
   * The earliest a turn asked for now could be had (epoch ms), so an aimed schedule can skip a
   * moment the gate would push back; without it the schedule assumes the gate is free.
   */
  freeAt?(): number;
}

export const POLL_INTERVAL_MS = 1_000;

export class PollLimiter implements PollGate {
  private lastTurn = Number.NEGATIVE_INFINITY;
  private heldUntil = Number.NEGATIVE_INFINITY;
  /** Turns are handed out one after the other, in the order they were asked for. */
  private line: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: { now: () => number; sleep: Sleep },
    private readonly intervalMs = POLL_INTERVAL_MS,
  ) {}

  turn(signal?: AbortSignal): Promise<void> {
    const mine = this.line.then(() => this.waitForSlot(signal));
    this.line = mine.catch(() => undefined);
    return abortable(mine, signal);
  }

  holdUntil(untilMs: number): void {
    this.heldUntil = Math.max(this.heldUntil, untilMs);
  }

  freeAt(): number {
    return Math.max(this.lastTurn + this.intervalMs, this.heldUntil);
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = Math.max(this.lastTurn + this.intervalMs, this.heldUntil) - this.clock.now();
      if (wait <= 0) {
        this.lastTurn = this.clock.now();
        return;
      }
      await this.clock.sleep(wait, signal);
    }
  }
}

/** Settles with `work`, or rejects as soon as `signal` aborts (a cancel does not wait its turn). */
function abortable(work: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) {
    return work;
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
