/**
 * What *Clear History…* removes: every finished run that is not a favourite. A run that has not
 * ended is kept, whether this window runs it or another may (its record alone cannot tell an
 * interrupted run from one running elsewhere); so is a run marked a favourite, or with a
 * favourite result.
 */
import * as l10n from '@vscode/l10n';
import { isTerminal, type GenerationRecord } from '../runs/record';
import { isKept } from './favourites';
import type { HistoryFiles } from './historyFiles';

export interface ClearPlan {
  remove: string[];
  /** Runs left alone because they have not ended. */
  kept: number;
  /** Runs left alone because they are (or hold) favourites. */
  favourites: number;
  bytes: number;
}

export function runsToClear(
  records: readonly GenerationRecord[],
  isRunningHere: (id: string) => boolean,
): { remove: string[]; kept: number; favourites: number } {
  const unfinished = records.filter((record) => !isTerminal(record.phase) || isRunningHere(record.id));
  const favourites = records.filter((record) => !unfinished.includes(record) && isKept(record));
  const remove = records.filter((record) => !unfinished.includes(record) && !favourites.includes(record)).map((record) => record.id);
  return { remove, kept: unfinished.length, favourites: favourites.length };
}

export async function planClearing(
  records: readonly GenerationRecord[],
  isRunningHere: (id: string) => boolean,
  files: Pick<HistoryFiles, 'folderBytes'>,
): Promise<ClearPlan> {
  const { remove, kept, favourites } = runsToClear(records, isRunningHere);
  let bytes = 0;
  for (const id of remove) {
    bytes += await files.folderBytes(id);
  }
  return { remove, kept, favourites, bytes };
}

/** "12.5 MB" (decimal megabytes, as file managers show them); never "0.0 MB" for something. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  const shown = mb > 0 && mb < 0.1 ? 0.1 : mb;
  return l10n.t('{0} MB', shown.toFixed(1));
}

/** The modal's words; undefined when there is nothing to remove. */
export function clearQuestion(plan: ClearPlan): { message: string; detail: string; action: string } | undefined {
  if (plan.remove.length === 0) {
    return undefined;
  }
  const message = plan.remove.length === 1
    ? l10n.t('Remove 1 run ({0}) from the history?', megabytes(plan.bytes))
    : l10n.t('Remove {0} runs ({1}) from the history?', plan.remove.length, megabytes(plan.bytes));
  const removed = l10n.t('Their stored sources and variations are deleted; files you saved elsewhere stay.');
  const kept = plan.kept === 0
    ? ''
    : plan.kept === 1
      ? ` ${l10n.t('1 run that has not finished is kept.')}`
      : ` ${l10n.t('{0} runs that have not finished are kept.', plan.kept)}`;
  const favourites = plan.favourites === 0
    ? ''
    : plan.favourites === 1
      ? ` ${l10n.t('1 favourite run is kept.')}`
      : ` ${l10n.t('{0} favourite runs are kept.', plan.favourites)}`;
  return { message, detail: `${removed}${kept}${favourites}`, action: l10n.t('Remove') };
}

/** Removes the planned folders one by one; returns the ids removed (a failure is logged, the rest go on). */
export async function removeRuns(ids: readonly string[], files: Pick<HistoryFiles, 'removeFolder'>, log: (message: string) => void): Promise<string[]> {
  const removed: string[] = [];
  for (const id of ids) {
    try {
      await files.removeFolder(id);
      removed.push(id);
    } catch (error) {
      log(`History: could not remove ${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return removed;
}
