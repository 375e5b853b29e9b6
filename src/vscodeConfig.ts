import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { ignoredWorkspaceSettingMessage, ignoredWorkspaceSettings, parseConfig, settingReader, type ExtensionConfig } from './config';

/** The current `fluxRedux.*` settings, read the way each is declared (see USER_ONLY_SETTINGS). */
export function readConfig(): ExtensionConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return parseConfig(settingReader(section));
}

/** Says in the log which user-only settings this workspace sets in vain (see ignoredWorkspaceSettings). */
export function logIgnoredWorkspaceSettings(log: { warn(message: string): void }): void {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  for (const key of ignoredWorkspaceSettings(section)) {
    log.warn(ignoredWorkspaceSettingMessage(key));
  }
}

export function onDidChangeConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) {
      listener();
    }
  });
}
