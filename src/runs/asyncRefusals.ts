/**
 * Which API origins refused the `async` flag lately. A refusal (a 400/422 naming it) means that
 * server runs only synchronous calls, so for a day the flag is not sent there at all, sparing
 * every run a refused call. Kept in globalState, so a reload does not forget it.
 */
import type { AsyncRefusals } from '../api/client';

/** The part of vscode.Memento this needs (globalState in the extension). */
export interface RefusalStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const STORE_KEY = 'fluxRedux.asyncRefusedAt';
export const ASYNC_REFUSAL_MEMORY_MS = 24 * 60 * 60 * 1000;

export class AsyncRefusalMemory implements AsyncRefusals {
  constructor(
    private readonly store: RefusalStore,
    private readonly now: () => number,
    private readonly forMs = ASYNC_REFUSAL_MEMORY_MS,
  ) {}

  isRefused(apiOrigin: string): boolean {
    const at = this.refusals()[apiOrigin];
    // A time in the future (a clock set back) counts as expired, so the flag is tried again.
    return at !== undefined && at <= this.now() && this.now() - at < this.forMs;
  }

  async remember(apiOrigin: string): Promise<void> {
    const refusals: Record<string, number> = {};
    for (const [origin, at] of Object.entries(this.refusals())) {
      if (this.now() - at < this.forMs) {
        refusals[origin] = at;
      }
    }
    refusals[apiOrigin] = this.now();
    await this.store.update(STORE_KEY, refusals);
  }

  private refusals(): Record<string, number> {
    const stored = this.store.get<unknown>(STORE_KEY);
    const refusals: Record<string, number> = {};
    if (typeof stored === 'object' && stored !== null) {
      for (const [origin, at] of Object.entries(stored)) {
        if (typeof at === 'number' && Number.isFinite(at)) {
          refusals[origin] = at;
        }
      }
    }
    return refusals;
  }
}
