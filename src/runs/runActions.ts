/**
 * The actions a failed run offers (buttons in the gallery, in notifications): what each is
 * called and what each does, in one place. Plain code: commands and the retry are handed in.
 */
import { Commands } from '../constants';
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';
import type { ActionId } from '../shared/protocol';
import type { GenerationRecord } from './record';

export function actionLabel(action: ActionId): string {
  switch (action) {
    case 'setApiKey':
      return l10n.t('Set API Key');
    case 'showLog':
      return l10n.t('Show Log');
    case 'openSettings':
      return l10n.t('Open Settings');
    case 'retryRun':
      return l10n.t('Try Again');
    default:
      return assertNever(action);
  }
}

/** What the actions need of VS Code and of the run commands. */
export interface RunActionHost {
  executeCommand(command: string, ...args: unknown[]): PromiseLike<unknown>;
  /** Starts the run again from the copy of the source stored with it. */
  retryRun(record: GenerationRecord): Promise<void>;
}

export async function performRunAction(action: ActionId, record: GenerationRecord, host: RunActionHost): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await host.executeCommand(Commands.setApiKey);
      return;
    case 'showLog':
      await host.executeCommand(Commands.showLog);
      return;
    case 'openSettings':
      await host.executeCommand('workbench.action.openSettings', 'fluxRedux');
      return;
    case 'retryRun':
      await host.retryRun(record);
      return;
    default:
      assertNever(action);
  }
}
