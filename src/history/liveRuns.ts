import type { LiveProgress } from '../runs/generationRun';
import { isTerminal, type GenerationRecord } from '../runs/record';
import { runningElsewhereAmong, type IsRunningAnywhere } from './runningAnywhere';

export interface LiveRun {
  record: GenerationRecord;
  progress: LiveProgress;
}

/**
 * The runs this window is running now (queued to downloading), fed from RunManager's change
 * events. The history shows their live status from here, refuses to delete them, and the status
 * bar counts them. A run leaves when its record reaches a terminal phase. It also keeps which of
 * the listed runs other windows run, as their leases said when the list was last read.
 */
export class LiveRuns {
  private readonly active = new Map<string, LiveRun>();
  private readonly listeners = new Set<(record: GenerationRecord) => void>();
  /** What each run's record looked like at its last change, to tell changes from progress. */
  private readonly lastSeen = new Map<string, string>();
  private elsewhere: ReadonlySet<string> = new Set();

  /**
   * Returns true when the record itself changed (a new run, a phase, a result, a mark), which
   * other windows should hear of; false for progress alone (upload percent, queue position).
   */
  observe(record: GenerationRecord, progress: LiveProgress): boolean {
    if (isTerminal(record.phase)) {
      this.active.delete(record.id);
    } else {
      this.active.set(record.id, { record, progress });
    }
    const seen = fingerprint(record);
    const changed = this.lastSeen.get(record.id) !== seen;
    this.lastSeen.set(record.id, seen);
    for (const listener of this.listeners) {
      listener(record);
    }
    return changed;
  }

  get(id: string): LiveRun | undefined {
    return this.active.get(id);
  }

  isRunning(id: string): boolean {
    return this.active.has(id);
  }

  /**
   * Asks which of `records` other windows run (one lease look per unfinished record), for the
   * rows to say so exactly when delete would refuse.
   */
  async learnElsewhere(records: readonly GenerationRecord[], isRunningAnywhere: IsRunningAnywhere): Promise<void> {
    this.elsewhere = await runningElsewhereAmong(records, { isRunningHere: (id) => this.isRunning(id), isRunningAnywhere });
  }

  /** Whether another window ran it when the list was last read (never a run of this window). */
  isRunningElsewhere(id: string): boolean {
    return !this.active.has(id) && this.elsewhere.has(id);
  }

  /** Ids of the active runs, in the order they started. */
  activeIds(): string[] {
    return [...this.active.keys()];
  }

  /** Called after every change of any run (active or just finished). */
  onDidChange(listener: (record: GenerationRecord) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

function fingerprint(record: GenerationRecord): string {
  return JSON.stringify([
    record.phase,
    record.updatedAt,
    record.favourite,
    record.results.map((result) => [result.status, result.favourite, result.savedTo]),
  ]);
}
