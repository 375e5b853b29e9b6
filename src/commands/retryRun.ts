import * as vscode from 'vscode';
import { drawRandomSeed } from '../options/resolve';
import type { GenerationRecord } from '../runs/record';
import { runParamsForRetry, runParamsForRunAgain } from '../runs/runParams';
import { errorMessage } from '../shared/errorMessage';
import type { RunCommandDeps } from './runCommandDeps';
import { notifyFinished } from './runNotifications';
import { haveApiKeyOrSay, startRun } from './startRun';

/** Reproduce keeps the run's seed; Run Again draws a new one. */
export type RepeatKind = 'reproduce' | 'runAgain';

/**
 * Reproduce and Run Again: a new run from the copy of the source stored in the generation's
 * folder, with the run's own model and options. The original file is not read: it may have
 * changed or gone, and the stored copy is what the model saw.
 */
export async function repeatFromStoredCopy(deps: RunCommandDeps, record: GenerationRecord, kind: RepeatKind): Promise<void> {
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
  const apiOrigin = deps.apiOrigin();
  const params = kind === 'reproduce'
    ? runParamsForRetry(record, storedCopy, apiOrigin)
    : runParamsForRunAgain(record, storedCopy, apiOrigin, drawRandomSeed);
  const { completion } = await startRun(deps, params, `stored copy of ${record.id}, ${kind === 'reproduce' ? 'reproduced' : 'run again'}`);
  void completion.then((finished) => notifyFinished(deps, finished), (error) => deps.log.error(String(error)));
}
