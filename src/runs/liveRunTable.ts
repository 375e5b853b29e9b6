/**
 * The runs this window has in hand, by generation id, and what each is doing: its queued task, a
 * Fetch Results Later, a resume, and the lease that lets it write the record. RunManager decides;
 * this table keeps the entries and ends them the one way each can end.
 */
import type { GenerationRun } from './generationRun';
import type { Lease } from './lease';
import type { QueuedTask } from './queue';
import { type GenerationRecord, isTerminal } from './record';
import type { UnfinishedRuns } from './unfinishedRuns';

export interface LiveRun {
  run: GenerationRun;
  task?: QueuedTask<GenerationRecord>;
  /** A Fetch Results Later under way; Cancel aborts it. */
  fetching?: AbortController;
  /** A resumed run's poll and downloads; Cancel aborts it. */
  resuming?: AbortController;
  /** Held while the run is live in this window: only the holder writes its record. */
  lease?: Lease;
}

/** Whether the entry's run is working in this window now (not just kept for saves and retries). */
export function isWorking(entry: LiveRun): boolean {
  return entry.task !== undefined || entry.fetching !== undefined || entry.resuming !== undefined;
}

export class LiveRunTable {
  private readonly entries = new Map<string, LiveRun>();

  constructor(private readonly unfinished: UnfinishedRuns) {}

  get(id: string): LiveRun | undefined {
    return this.entries.get(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  set(id: string, entry: LiveRun): void {
    this.entries.set(id, entry);
  }

  values(): IterableIterator<LiveRun> {
    return this.entries.values();
  }

  /** A run that lost its lease to another window stops at once; that window writes its record now. */
  watchLease(entry: LiveRun): void {
    entry.lease?.onLost(() => {
      entry.run.detach();
      entry.task?.cancel();
      entry.resuming?.abort();
      entry.fetching?.abort();
      if (this.entries.get(entry.run.record.id) === entry) {
        this.entries.delete(entry.run.record.id);
      }
    });
  }

  /** A run's work ended: unless its window gave it up or took it up again, it is off the list and its lease free. */
  async ended(entry: LiveRun): Promise<void> {
    const id = entry.run.record.id;
    if (entry.run.isDetached || !isTerminal(entry.run.record.phase) || this.entries.get(id) !== entry) {
      return;
    }
    await this.unfinished.remove(id).catch(() => undefined);
    if (this.entries.get(id) === entry) {
      await entry.lease?.release().catch(() => undefined);
    }
  }

  /**
   * The extension host is ending: every working run is given up, never marked failed or
   * cancelled, and its lease freed at once (the next start resumes it).
   */
  giveUpAll(): void {
    for (const entry of this.entries.values()) {
      const working = isWorking(entry);
      if (working) {
        entry.run.detach();
      }
      entry.task?.cancel();
      entry.fetching?.abort();
      entry.resuming?.abort();
      if (working) {
        entry.lease?.releaseNow();
      }
    }
  }
}
