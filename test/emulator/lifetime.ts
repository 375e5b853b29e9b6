/**
 * Everything the emulator waits on, so close() can end it: timers and responses that were told
 * to hang. Tests must never leave a handle open after close().
 */
export class Lifetime {
  private closed = false;
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; done: (completed: boolean) => void }>();

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Resolves true after `ms`, or false as soon as the emulator closes or `abort` fires
   * (a client that disconnected should not keep a timer alive).
   */
  sleep(ms: number, abort?: AbortSignal): Promise<boolean> {
    if (this.closed || abort?.aborted) {
      return Promise.resolve(false);
    }
    if (ms <= 0) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => finish(true), ms),
        done: (completed: boolean) => finish(completed),
      };
      const onAbort = () => finish(false);
      const finish = (completed: boolean) => {
        clearTimeout(entry.timer);
        this.sleeps.delete(entry);
        abort?.removeEventListener('abort', onAbort);
        resolve(completed);
      };
      abort?.addEventListener('abort', onAbort, { once: true });
      this.sleeps.add(entry);
    });
  }

  close(): void {
    this.closed = true;
    for (const entry of [...this.sleeps]) {
      entry.done(false);
    }
  }
}
