/**
 * Whether a run is running in some window. With global storage on a local disk the leases
 * (src/runs/lease.ts) answer, for delete and for the history rows alike; a web host, with no
 * shared folder, knows its own runs and guesses the others' from the record: one that has not
 * ended and was written in the last 20 seconds is taken as running.
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

/**
 * Of the listed runs, those another window is running now, asked of the same predicate that
 * guards delete so that a row never says otherwise. Only unfinished records are asked (a finished
 * one is not run by anybody), and those this window runs are its own, not another's.
 */
export async function runningElsewhereAmong(
  records: readonly Pick<GenerationRecord, 'id' | 'phase'>[],
  deps: { isRunningHere(id: string): boolean; isRunningAnywhere: IsRunningAnywhere },
): Promise<Set<string>> {
  const asked = records.filter((record) => !isTerminal(record.phase) && !deps.isRunningHere(record.id));
  const answers = await Promise.all(asked.map((record) => deps.isRunningAnywhere(record.id).catch(() => false)));
  return new Set(asked.filter((_, index) => answers[index]).map((record) => record.id));
}
