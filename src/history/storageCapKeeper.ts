import type { GenerationRecord } from '../runs/record';
import { errorMessage } from '../shared/errorMessage';
import type { HistoryFiles } from './historyFiles';
import type { IndexEntry, IndexLock } from './indexedRecords';
import { MEGABYTE, planStorageCap, removableByCap } from './storageCap';

export interface StorageCapDeps {
  /** The index's entries with their folders' bytes. */
  entries(): Promise<IndexEntry[]>;
  bytesOutsideGenerations(): Promise<number>;
  /** fluxRedux.history.maxStorageMB, read when the check runs. */
  capMB(): number;
  isRunningHere(id: string): boolean;
  /** Reads a record again under the lock, so a favourite set meanwhile in another window still counts. */
  load(id: string): Promise<GenerationRecord | undefined>;
  lock: IndexLock;
  files: Pick<HistoryFiles, 'removeFolder'>;
  /** Told after a removal (the index forgets the runs; the history says what went). */
  removed(outcome: CapOutcome): void;
  log: { info(message: string): void; warn(message: string): void };
}

export interface CapOutcome {
  removed: string[];
  bytes: number;
  capMB: number;
}

/**
 * Keeps global storage under the cap: checked after a run ends, at startup (deferred) and when
 * the setting changes. Checks never overlap; asked during one, one more follows it.
 */
/** In the cap's own unit (2^20 bytes), so the log's numbers compare with the setting. */
function mb(bytes: number): string {
  return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

export class StorageCapKeeper {
  private running: Promise<CapOutcome | undefined> | undefined;
  private again = false;

  constructor(private readonly deps: StorageCapDeps) {}

  check(reason: string): Promise<CapOutcome | undefined> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.checkNow(reason).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.check(reason);
      }
    });
    return this.running;
  }

  private async checkNow(reason: string): Promise<CapOutcome | undefined> {
    const capMB = this.deps.capMB();
    const capBytes = capMB * MEGABYTE;
    const entries = await this.deps.entries();
    const runs = entries.map((entry) => ({ record: entry.record, bytes: entry.bytes ?? 0 }));
    const plan = planStorageCap(runs, await this.deps.bytesOutsideGenerations(), capBytes, (id) => this.deps.isRunningHere(id));
    if (plan.remove.length === 0) {
      if (plan.stillOver) {
        this.deps.log.info(`History: storage holds ${mb(plan.totalBytes)}, over the ${capMB} MB cap, but every run left is the newest, unfinished or a favourite (${reason}).`);
      }
      return undefined;
    }
    const bytesOf = new Map(runs.map((run) => [run.record.id, run.bytes]));
    const removed: string[] = [];
    let bytes = 0;
    for (const id of plan.remove) {
      try {
        const gone = await this.deps.lock.withLock(async () => {
          const record = await this.deps.load(id);
          if (record && !removableByCap(record, (runId) => this.deps.isRunningHere(runId))) {
            return false; // favourited or started again since the plan
          }
          await this.deps.files.removeFolder(id);
          return true;
        });
        if (gone) {
          removed.push(id);
          bytes += bytesOf.get(id) ?? 0;
        }
      } catch (error) {
        this.deps.log.warn(`History: could not remove ${id} for the storage cap: ${errorMessage(error)}`);
      }
    }
    if (removed.length > 0) {
      this.deps.log.info(
        `History: storage held ${mb(plan.totalBytes)}, over the ${capMB} MB cap (${reason}): removed ${removed.length} oldest runs (${mb(bytes)}): ${removed.join(', ')}.`,
      );
      this.deps.removed({ removed, bytes, capMB });
    }
    return { removed, bytes, capMB };
  }
}
