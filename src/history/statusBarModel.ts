/** The status bar item while this window's runs are queued or running: its words and where a click goes. */
import * as l10n from '@vscode/l10n';

export type StatusBarModel =
  | { kind: 'hidden' }
  | { kind: 'shown'; text: string; tooltip: string; target: { kind: 'gallery'; generationId: string } | { kind: 'history' } };

export function statusBarModel(activeIds: readonly string[]): StatusBarModel {
  if (activeIds.length === 0) {
    return { kind: 'hidden' };
  }
  if (activeIds.length === 1) {
    return {
      kind: 'shown',
      text: `$(sync~spin) ${l10n.t('1 variation running')}`,
      tooltip: l10n.t('Show its gallery'),
      target: { kind: 'gallery', generationId: activeIds[0] },
    };
  }
  return {
    kind: 'shown',
    text: `$(sync~spin) ${l10n.t('{0} variations running', activeIds.length)}`,
    tooltip: l10n.t('Show the history'),
    target: { kind: 'history' },
  };
}
