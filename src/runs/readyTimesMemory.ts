/**
 * What the windows learnt about when records become ready (src/api/readyTimes.ts), kept in
 * globalState per API origin, so a reload or a new window aims its first poll instead of starting
 * cold; a different API (the emulator, a proxy) learns apart. Small: a bracket per kind of run,
 * the kinds and origins used last kept, the rest dropped. Read only when a window first polls.
 */
import { ReadyTimes, type ReadyBracket, type ReadyTimesKeeper, isReadyBracket } from '../api/readyTimes';
import { isRecord } from '../shared/guards';

/** The part of vscode.Memento this needs (globalState in the extension). */
export interface ReadyTimesStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface KeptBracket extends ReadyBracket {
  /** Epoch ms of the wait that last changed it: the least recently used go first. */
  at: number;
}

type Kept = Record<string, Record<string, KeptBracket>>;

const STORE_KEY = 'fluxRedux.readyTimes';
export const MAX_KINDS_PER_ORIGIN = 24;
export const MAX_ORIGINS = 8;

export class ReadyTimesMemory {
  /** One learner per origin for the window: every client of that API shares it. */
  private readonly learners = new Map<string, ReadyTimes>();

  constructor(
    private readonly store: ReadyTimesStore,
    private readonly now: () => number,
    private readonly log: (message: string) => void,
  ) {}

  of(apiOrigin: string): ReadyTimes {
    let learner = this.learners.get(apiOrigin);
    if (!learner) {
      learner = new ReadyTimes(this.keeperOf(apiOrigin));
      this.learners.set(apiOrigin, learner);
    }
    return learner;
  }

  private keeperOf(apiOrigin: string): ReadyTimesKeeper {
    return {
      load: () => Object.entries(this.read()[apiOrigin] ?? {}),
      keep: (kind, bracket) => {
        // Read again before writing: another window may have learnt other kinds meanwhile.
        const kept = this.read();
        const kinds = { ...kept[apiOrigin], [kind]: { notBefore: bracket.notBefore, by: bracket.by, at: this.now() } };
        kept[apiOrigin] = latest(kinds, MAX_KINDS_PER_ORIGIN, (entry) => entry.at);
        const origins = latest(kept, MAX_ORIGINS, (kinds) => Math.max(0, ...Object.values(kinds).map((entry) => entry.at)));
        Promise.resolve(this.store.update(STORE_KEY, origins)).catch((error: unknown) =>
          this.log(`Could not keep when records are ready: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
    };
  }

  /** What is kept, with anything malformed left out. */
  private read(): Kept {
    const stored = this.store.get<unknown>(STORE_KEY);
    const kept: Kept = {};
    if (!isRecord(stored)) {
      return kept;
    }
    for (const [origin, kinds] of Object.entries(stored)) {
      if (!isRecord(kinds)) {
        continue;
      }
      for (const [kind, entry] of Object.entries(kinds)) {
        if (isReadyBracket(entry) && Number.isFinite((entry as Partial<KeptBracket>).at)) {
          kept[origin] ??= {};
          kept[origin][kind] = { notBefore: entry.notBefore, by: entry.by, at: (entry as KeptBracket).at };
        }
      }
    }
    return kept;
  }
}

/** The `limit` entries with the highest `at`. */
function latest<T>(entries: Record<string, T>, limit: number, at: (entry: T) => number): Record<string, T> {
  return Object.fromEntries(Object.entries(entries).sort(([, a], [, b]) => at(b) - at(a)).slice(0, limit));
}
