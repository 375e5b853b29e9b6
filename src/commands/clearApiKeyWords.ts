/**
 * What "Clear API Key" asks and says. Plain (no vscode), so the words and the script argument
 * are tested in plain Node. It is the first Flux Redux entry in the palette, so it asks first.
 */
import { API_KEY_ENV_VAR } from '../constants';
import type { ModalQuestion } from '../notifier';
import { assertNever } from '../shared/guards';
import * as l10n from '@vscode/l10n';

/** A script passes `{ confirm: false }` to skip the question; anything else (the palette passes nothing) asks. */
export function asksFirst(argument: unknown): boolean {
  return !(typeof argument === 'object' && argument !== null && (argument as { confirm?: unknown }).confirm === false);
}

/** The question before the key is removed, with what follows from it. */
export function clearApiKeyQuestion(environmentKeySet: boolean): ModalQuestion {
  return {
    message: l10n.t('Remove your 1min.ai API key from VS Code\'s secret storage?'),
    detail: environmentKeySet
      ? l10n.t('The environment variable {0} is set and still applies: new runs will use its key.', API_KEY_ENV_VAR)
      : l10n.t('New runs will ask for a key again.'),
    action: l10n.t('Clear API Key'),
  };
}

export type ClearOutcome = 'removed' | 'nothingStored';

/** What is said after the command, whether or not it asked. */
export function clearApiKeyMessage(outcome: ClearOutcome, environmentKeySet: boolean): string {
  switch (outcome) {
    case 'removed':
      return environmentKeySet
        ? l10n.t('Your 1min.ai API key was removed from VS Code\'s secret storage. {0} still applies: runs use its key.', API_KEY_ENV_VAR)
        : l10n.t('Your 1min.ai API key was removed from VS Code\'s secret storage.');
    case 'nothingStored':
      return environmentKeySet
        ? l10n.t('No 1min.ai API key is stored in VS Code\'s secret storage. Runs use the key in the environment variable {0}.', API_KEY_ENV_VAR)
        : l10n.t('No 1min.ai API key is stored in VS Code\'s secret storage.');
    default:
      return assertNever(outcome);
  }
}

