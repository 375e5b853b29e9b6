import type { GenerationRecord, StoredResult } from './record';

/** An edit of a stored record, for `RunManager.updateRecord`: false means nothing changed. */
export type RecordEdit = (record: GenerationRecord) => void | false;

/** Applies `change` to the result with this id; no result, no write. */
export function editResult(resultId: string, change: (result: StoredResult) => void): RecordEdit {
  return (record) => {
    const result = record.results.find((r) => r.id === resultId);
    if (!result) {
      return false;
    }
    change(result);
  };
}

/** The result was saved into the workspace as `savedTo` (the name shown) at `savedUri`. */
export function markResultSaved(resultId: string, savedTo: string, savedUri: string): RecordEdit {
  return editResult(resultId, (result) => {
    result.savedTo = savedTo;
    result.savedUri = savedUri;
  });
}

/** The saved file was moved or deleted: Save and Save all offer the result again. */
export function forgetResultSaved(resultId: string): RecordEdit {
  return editResult(resultId, (result) => {
    result.savedTo = undefined;
    result.savedUri = undefined;
  });
}
