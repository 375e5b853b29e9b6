import * as vscode from 'vscode';
import type { GenerationRecord } from '../runs/record';
import { runParamsForRetry } from '../runs/runParams';
import { errorMessage } from '../shared/errorMessage';
import type { RunCommandDeps } from './runCommandDeps';
import { notifyFinished } from './runNotifications';
import { haveApiKeyOrSay, startRun } from './startRun';

/**
 * "Try again": a new run from the copy of the source stored in the generation's folder, with
 * the run's own model and options. The original file is not read: it may have changed or gone,
 * and the stored copy is what the model saw.
 */
export async function retryFromStoredCopy(deps: RunCommandDeps, record: GenerationRecord): Promise<void> {
  let storedCopy: Uint8Array;
  try {
    storedCopy = await deps.store.readFile(record.id, record.source.storedFile);
  } catch (error) {
    void deps.notifier.error(
      vscode.l10n.t('Could not read {0}: {1}', record.source.name, errorMessage(error)),
    );
    return;
  }
  if (!(await haveApiKeyOrSay(deps))) {
    return;
  }
  const { completion } = await startRun(deps, runParamsForRetry(record, storedCopy, deps.apiOrigin()), `stored copy of ${record.id}`);
  void completion.then((finished) => notifyFinished(deps, finished), (error) => deps.log.error(String(error)));
}
