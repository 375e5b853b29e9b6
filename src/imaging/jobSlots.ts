/**
 * At most `size` jobs at once; the others wait their turn in order. Each libvips worker holds
 * its own wasm memory and thread pool, so twenty sources given at once must not mean twenty
 * workers. A job cancelled while waiting leaves the queue without ever starting.
 */
export class JobSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Resolves with a release function once a slot is free; rejects with the abort reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        let released = false;
        resolve(() => {
          if (!released) {
            released = true;
            this.running--;
            this.waiting.shift()?.();
          }
        });
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(start);
        if (index >= 0) {
          this.waiting.splice(index, 1);
          reject(signal?.reason);
        }
      };
      if (this.running < this.size) {
        start();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(start);
    });
  }
}
