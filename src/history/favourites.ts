/**
 * Favourites: a run, or one of its results, the user marked to keep. Clear History and the
 * storage cap never remove a run `isKept` says yes to. Marks are set to a value, never toggled,
 * so two windows clicking at once agree.
 */
import type { GenerationRecord } from '../runs/record';

/** What a favourite click asks for: the run itself, or one result of it. */
export type FavouriteTarget = { kind: 'run' } | { kind: 'result'; resultId: string };

/** True when the run or any of its results is a favourite: such a run is never removed in bulk. */
export function isKept(record: Pick<GenerationRecord, 'favourite' | 'results'>): boolean {
  return record.favourite === true || record.results.some((result) => result.favourite === true);
}

/**
 * The edit for `RunManager.updateRecord`: marks or unmarks in place, and answers false ("no
 * change, don't write") when the mark is already so or the result is not there.
 */
export function markFavourite(target: FavouriteTarget, favourite: boolean): (record: GenerationRecord) => void | false {
  return (record) => {
    if (target.kind === 'run') {
      if ((record.favourite === true) === favourite) {
        return false;
      }
      setMark(record, favourite);
      return undefined;
    }
    const result = record.results.find((r) => r.id === target.resultId && r.status === 'ready');
    if (!result || (result.favourite === true) === favourite) {
      return false;
    }
    setMark(result, favourite);
    return undefined;
  };
}

/**
 * Unmarking sets the field to undefined rather than deleting it: JSON drops it on disk as if it
 * had never been there, and the live copy RunManager merges the edit into loses it too.
 */
function setMark(holder: { favourite?: boolean }, favourite: boolean): void {
  holder.favourite = favourite ? true : undefined;
}
