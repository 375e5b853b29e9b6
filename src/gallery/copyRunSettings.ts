import * as vscode from 'vscode';
import type { GenerationRecord } from '../runs/record';
import { settingsJson } from '../options/settingsJson';

/** How long the status bar says what was copied. */
const CONFIRMATION_MS = 4000;

/**
 * Copy settings and Copy seed: the webview asks, the host copies (a webview's own clipboard
 * access depends on focus and permissions), and the status bar says what is on the clipboard.
 */
export async function copyRunSettings(record: GenerationRecord, what: 'settings' | 'seed'): Promise<void> {
  if (what === 'settings') {
    await vscode.env.clipboard.writeText(settingsJson(record.model, record.options));
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('Copied the settings of {0} (options JSON for fluxRedux.createVariations).', record.source.name),
      CONFIRMATION_MS,
    );
    return;
  }
  await vscode.env.clipboard.writeText(String(record.options.seed));
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied seed {0}.', record.options.seed), CONFIRMATION_MS);
}
