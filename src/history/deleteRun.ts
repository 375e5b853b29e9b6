/**
 * Deleting one run from the history: refused while it is running in any window (the predicate is
 * injected: src/history/runningAnywhere.ts today, leases later), asked first otherwise.
 */
import * as l10n from '@vscode/l10n';
import type { GenerationRecord } from '../runs/record';
import type { HistoryFiles } from './historyFiles';
import type { IsRunningAnywhere } from './runningAnywhere';

export type DeleteOutcome = 'deleted' | 'running' | 'declined';

export interface DeleteRunDeps {
  isRunningAnywhere: IsRunningAnywhere;
  confirm(question: { message: string; detail: string; action: string }): Promise<boolean>;
  files: Pick<HistoryFiles, 'removeFolder'>;
}

export function deleteQuestion(record: GenerationRecord): { message: string; detail: string; action: string } {
  return {
    message: l10n.t('Delete the run of {0} from the history?', record.source.name),
    detail: l10n.t('Its stored source and variations are deleted; files you saved elsewhere stay.'),
    action: l10n.t('Delete'),
  };
}

export function refusedWhileRunning(record: GenerationRecord): string {
  return l10n.t('The run of {0} is still running in this window or another. Let it finish or cancel it in its gallery, then delete it.', record.source.name);
}

export async function deleteRun(record: GenerationRecord, deps: DeleteRunDeps): Promise<DeleteOutcome> {
  if (await deps.isRunningAnywhere(record.id)) {
    return 'running';
  }
  if (!(await deps.confirm(deleteQuestion(record)))) {
    return 'declined';
  }
  // Asked again after the modal: a retry here, or another window, may have started it since.
  if (await deps.isRunningAnywhere(record.id)) {
    return 'running';
  }
  await deps.files.removeFolder(record.id);
  return 'deleted';
}
