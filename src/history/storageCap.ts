/**
 * `fluxRedux.history.maxStorageMB`: which runs go when global storage is over the cap. The oldest
 * finished runs go first, until what is left fits. Never removed: the newest run, a run that has
 * not finished (it may be running in this window or another), a run with a favourite.
 */
import { isTerminal, type GenerationRecord } from '../runs/record';
import { newestFirst } from './listing';

export const MEGABYTE = 1024 * 1024;

export interface CapRun {
  record: GenerationRecord;
  bytes: number;
}

export interface CapPlan {
  /** Ids to remove, oldest first. */
  remove: string[];
  removedBytes: number;
  /** Everything under global storage before any removal. */
  totalBytes: number;
  /** Still over the cap after removing all it may (what is left is kept on purpose). */
  stillOver: boolean;
}

/**
 * The favourite fields are the history view's (version 2 additions): a run, or any of its
 * results, marked `favourite: true`. Read loosely, so records written before them read as "no".
 */
export function hasFavourite(record: GenerationRecord): boolean {
  const marked = (value: unknown) => (value as { favourite?: unknown }).favourite === true;
  return marked(record) || record.results.some(marked);
}

/** Whether the cap may remove this run at all (the newest run is decided by the plan). */
export function removableByCap(record: GenerationRecord, isRunningHere: (id: string) => boolean): boolean {
  return isTerminal(record.phase) && !isRunningHere(record.id) && !hasFavourite(record);
}

export function planStorageCap(
  runs: readonly CapRun[],
  otherBytes: number,
  capBytes: number,
  isRunningHere: (id: string) => boolean,
): CapPlan {
  const bytesOf = new Map(runs.map((run) => [run.record.id, run.bytes]));
  const totalBytes = otherBytes + runs.reduce((sum, run) => sum + run.bytes, 0);
  const [newest, ...older] = newestFirst(runs.map((run) => run.record));
  const remove: string[] = [];
  let left = totalBytes;
  for (const record of older.reverse()) {
    if (left <= capBytes) {
      break;
    }
    if (removableByCap(record, isRunningHere)) {
      remove.push(record.id);
      left -= bytesOf.get(record.id) ?? 0;
    }
  }
  return { remove, removedBytes: totalBytes - left, totalBytes, stillOver: left > capBytes && newest !== undefined };
}
