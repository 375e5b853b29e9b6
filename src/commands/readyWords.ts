/** The notification's words for results ready while their gallery is hidden: one, or several. */
import * as l10n from '@vscode/l10n';

export function readyNotice(ready: number, sourceName: string): string {
  return ready === 1
    ? l10n.t('1 variation of {0} is ready.', sourceName)
    : l10n.t('{0} variations of {1} are ready.', ready, sourceName);
}
