import * as vscode from 'vscode';
import type { GenerationRecord } from '../runs/record';
import { describeRunFailure } from '../runs/failureText';
import { actionLabel } from '../runs/runActions';
import { errorMessage } from '../shared/errorMessage';
import { readyNotice } from './readyWords';
import type { RunCommandDeps } from './runCommandDeps';

/**
 * Tells the user how a run ended when the gallery may not show it: a failure with its action
 * buttons, or results that are ready while the gallery is hidden.
 */
export function notifyFinished(deps: Pick<RunCommandDeps, 'notifier' | 'galleries' | 'runAction' | 'log'>, record: GenerationRecord): void {
  if (record.phase === 'failed' && record.failure) {
    const actions = record.failure.actions.map((id) => ({ id, label: actionLabel(id) }));
    void deps.notifier
      .error(
        vscode.l10n.t('Variations of {0} failed: {1}', record.source.name, describeRunFailure(record.failure)),
        ...actions.map((a) => a.label),
      )
      .then((answer) => {
        const chosen = actions.find((a) => a.label === answer);
        if (chosen) {
          deps.runAction(record, chosen.id).catch((error: unknown) =>
            deps.log.warn(`${chosen.id} for ${record.id} failed: ${errorMessage(error)}`),
          );
        }
      });
    return;
  }
  if (record.phase === 'done' && !deps.galleries.panelFor(record.id)?.panel.visible) {
    const ready = record.results.filter((r) => r.status === 'ready').length;
    const show = vscode.l10n.t('Show Gallery');
    void deps.notifier
      .info(readyNotice(ready, record.source.name), show)
      .then((answer) => {
        if (answer === show) {
          deps.galleries.show(record.id, { sourceName: record.source.name });
        }
      });
  }
}
