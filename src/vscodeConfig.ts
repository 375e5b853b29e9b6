import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { parseConfig, USER_ONLY_SETTINGS, type ExtensionConfig, type SettingKey } from './config';

/** The current `fluxRedux.*` settings, read the way each is declared (see USER_ONLY_SETTINGS). */
export function readConfig(): ExtensionConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return parseConfig((key: SettingKey) =>
    USER_ONLY_SETTINGS.includes(key) ? section.inspect(key)?.globalValue : section.get<unknown>(key),
  );
}

export function onDidChangeConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) {
      listener();
    }
  });
}
