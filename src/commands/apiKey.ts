import * as vscode from 'vscode';
import { askForApiKey, isPlausibleKey, type ApiKeyService } from '../apiKey';
import { Commands } from '../constants';
import type { Notifier } from '../notifier';
import { asksFirst, clearApiKeyMessage, clearApiKeyQuestion } from './clearApiKeyWords';

export function registerApiKeyCommands(keys: ApiKeyService, notifier: Notifier): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.setApiKey, async (keyArgument?: unknown) => {
      if (typeof keyArgument === 'string') {
        if (!isPlausibleKey(keyArgument)) {
          throw new Error(vscode.l10n.t('The API key cannot be empty or contain spaces.'));
        }
        await keys.store(keyArgument);
        return true;
      }
      const entered = await askForApiKey();
      if (!entered) {
        return false;
      }
      await keys.store(entered);
      void notifier.info(vscode.l10n.t('Your 1min.ai API key is saved in VS Code\'s secret storage.'));
      return true;
    }),
    /**
     * Resolves to whether a stored key was removed. It asks first (the palette lists it first of
     * the Flux Redux commands); a script passes `{ confirm: false }` to skip the question.
     */
    vscode.commands.registerCommand(Commands.clearApiKey, async (options?: unknown) => {
      if ((await keys.stored()) === undefined) {
        void notifier.info(clearApiKeyMessage('nothingStored', keys.hasEnvironmentKey()));
        return false;
      }
      if (asksFirst(options) && !(await notifier.confirm(clearApiKeyQuestion(keys.hasEnvironmentKey())))) {
        return false;
      }
      await keys.clear();
      void notifier.info(clearApiKeyMessage('removed', keys.hasEnvironmentKey()));
      return true;
    }),
  );
}
