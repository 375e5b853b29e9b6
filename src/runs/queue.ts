/**
 * Runs tasks with at most `limit` at once, in the order they were queued. Each task can be
 * cancelled while it waits (it then never starts) or while it runs (through its signal).
 */
export interface QueuedTask<T> {
  /** Resolves with the task's result; rejects with the task's error or a cancellation. */
  readonly result: Promise<T>;
  /** 0 while running, otherwise how many tasks are ahead of it. */
  position(): number;
  cancel(): void;
}

export class CancelledWhileQueuedError extends Error {
  constructor() {
    super('The run was cancelled before it started.');
    this.name = 'CancelledWhileQueuedError';
  }
}

interface Entry {
  start(): void;
  controller: AbortController;
  rejectQueued(error: Error): void;
}

export class RunQueue {
  private readonly waiting: Entry[] = [];
  private running = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.pump();
  }

  /** Called whenever positions change, so queued runs can say where they stand. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  enqueue<T>(task: (signal: AbortSignal) => Promise<T>): QueuedTask<T> {
    const controller = new AbortController();
    let started = false;
    let entry!: Entry;
    const result = new Promise<T>((resolve, reject) => {
      entry = {
        controller,
        rejectQueued: reject,
        start: () => {
          started = true;
          this.running++;
          Promise.resolve()
            .then(() => task(controller.signal))
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.pump();
            });
        },
      };
    });
    this.waiting.push(entry);
    this.pump();
    this.notify();
    return {
      result,
      position: () => (started ? 0 : this.waiting.indexOf(entry) + 1),
      cancel: () => {
        controller.abort();
        const index = this.waiting.indexOf(entry);
        if (index >= 0) {
          this.waiting.splice(index, 1);
          entry.rejectQueued(new CancelledWhileQueuedError());
          this.notify();
        }
      },
    };
  }

  get activeCount(): number {
    return this.running;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  private pump(): void {
    let changed = false;
    while (this.running < this.limit && this.waiting.length > 0) {
      this.waiting.shift()!.start();
      changed = true;
    }
    if (changed) {
      this.notify();
    }
  }

  private notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
