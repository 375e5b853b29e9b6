/**
 * Which paid calls went out, per API origin, across every window: a sequence number and the time
 * of the last one, kept in globalState. A run's cost can be read from the account's figures only
 * when no other paid call went out between its two readings (src/runs/runCost.ts); this is how
 * it knows.
 *
 * globalState is one shared value that windows write whole and see each other's writes a little
 * later, so two windows can both write the same next number. The time tells those apart, and a
 * mark counts as "nothing else since" only while the stored entry is exactly the mark.
 */

/** The part of vscode.Memento this needs (globalState in the extension). */
export interface PaidCallStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The entry this window wrote for one paid call. */
export interface PaidCallMark {
  apiOrigin: string;
  seq: number;
  at: number;
}

interface Entry {
  seq: number;
  at: number;
}

const STORE_KEY = 'fluxRedux.paidCalls';
/** Entries of origins unused this long are dropped when another is written. */
const FORGET_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

export class PaidCallLedger {
  constructor(
    private readonly store: PaidCallStore,
    private readonly now: () => number,
  ) {}

  /** Notes a paid call about to go out to `apiOrigin`; returns its mark. */
  async note(apiOrigin: string): Promise<PaidCallMark> {
    const entries = this.entries();
    const at = this.now();
    const kept: Record<string, Entry> = {};
    for (const [origin, entry] of Object.entries(entries)) {
      if (at - entry.at < FORGET_AFTER_MS) {
        kept[origin] = entry;
      }
    }
    const mark: PaidCallMark = { apiOrigin, seq: (entries[apiOrigin]?.seq ?? 0) + 1, at };
    kept[apiOrigin] = { seq: mark.seq, at: mark.at };
    await this.store.update(STORE_KEY, kept);
    return mark;
  }

  /** True while the last paid call noted for the mark's origin, by any window, is the mark's own. */
  isLatest(mark: PaidCallMark): boolean {
    const entry = this.entries()[mark.apiOrigin];
    return entry !== undefined && entry.seq === mark.seq && entry.at === mark.at;
  }

  /**
   * Whether no other paid call to the mark's origin was noted between the mark and `until`: the
   * entry is still the mark's, or it is the one call right after it, made after `until`. For a
   * second look once other windows' notes have had time to arrive.
   */
  noOtherUntil(mark: PaidCallMark, until: number): boolean {
    const entry = this.entries()[mark.apiOrigin];
    return this.isLatest(mark) || (entry !== undefined && entry.seq === mark.seq + 1 && entry.at > until);
  }

  private entries(): Record<string, Entry> {
    const stored = this.store.get<unknown>(STORE_KEY);
    const entries: Record<string, Entry> = {};
    if (typeof stored === 'object' && stored !== null) {
      for (const [origin, value] of Object.entries(stored)) {
        const { seq, at } = (typeof value === 'object' && value !== null ? value : {}) as Partial<Entry>;
        if (typeof seq === 'number' && Number.isFinite(seq) && typeof at === 'number' && Number.isFinite(at)) {
          entries[origin] = { seq, at };
        }
      }
    }
    return entries;
  }
}
