/**
 * Whether a run may be running in some window. This window knows its own runs; of the others it
 * knows only the record: one that has not ended and was written in the last 20 seconds is taken
 * as running. (Leases, when they come, answer this properly; the predicate is injected so they
 * can replace it.)
 */
import { isTerminal, type GenerationRecord } from '../runs/record';

/** How recent a write of an unfinished record must be for it to count as running elsewhere. */
export const RECENTLY_UPDATED_MS = 20_000;

export type IsRunningAnywhere = (id: string) => Promise<boolean>;

/** An unfinished record written lately, which a window we cannot see is probably running. */
export function recentlyUpdatedUnfinished(record: Pick<GenerationRecord, 'phase' | 'updatedAt'>, now: number): boolean {
  if (isTerminal(record.phase)) {
    return false;
  }
  const updated = Date.parse(record.updatedAt);
  return Number.isFinite(updated) && now - updated < RECENTLY_UPDATED_MS;
}

/** Today's best knowledge: live in this window, or an unfinished record on disk written lately. */
export function runningHereOrRecently(deps: {
  isRunningHere(id: string): boolean;
  load(id: string): Promise<GenerationRecord | undefined>;
  now(): number;
}): IsRunningAnywhere {
  return async (id) => {
    if (deps.isRunningHere(id)) {
      return true;
    }
    const record = await deps.load(id);
    return record !== undefined && recentlyUpdatedUnfinished(record, deps.now());
  };
}
