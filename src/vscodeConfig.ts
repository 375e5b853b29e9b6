import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { parseConfig, settingReader, type ExtensionConfig } from './config';
import { ignoredWorkspaceSettings, IgnoredSettingsReporter, type SettingsFileText } from './ignoredWorkspaceSettings';

/** The current `fluxRedux.*` settings, read the way each is declared (see USER_ONLY_SETTINGS). */
export function readConfig(): ExtensionConfig {
  return parseConfig(settingReader(vscode.workspace.getConfiguration(CONFIG_SECTION)));
}

export function onDidChangeConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) {
      listener();
    }
  });
}

/** The workspace's settings files that exist: each folder's, and the `.code-workspace` file. */
async function workspaceSettingsFiles(): Promise<SettingsFileText[]> {
  const decoder = new TextDecoder();
  const read = async (uri: vscode.Uri, kind: SettingsFileText['kind']): Promise<SettingsFileText[]> => {
    try {
      return [{ text: decoder.decode(await vscode.workspace.fs.readFile(uri)), kind }];
    } catch {
      return [];
    }
  };
  const workspaceFile = vscode.workspace.workspaceFile;
  const files = await Promise.all([
    ...(vscode.workspace.workspaceFolders ?? []).map((folder) =>
      read(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'), 'folderSettings'),
    ),
    ...(workspaceFile && workspaceFile.scheme !== 'untitled' ? [read(workspaceFile, 'workspaceFile')] : []),
  ]);
  return files.flat();
}

/**
 * Logs which user-only settings the workspace's files set in vain: after activation and whenever
 * those files change. VS Code raises no configuration event for such keys (it drops them), so
 * the files are watched as well. Reading is deferred, off activation's path.
 */
export function logIgnoredWorkspaceSettings(log: { warn(message: string): void }): vscode.Disposable {
  const reporter = new IgnoredSettingsReporter((message) => log.warn(message));
  let checking = Promise.resolve();
  const check = () => {
    // One check at a time, so a slow read never reports an older state after a newer one.
    checking = checking
      .then(async () => reporter.report(ignoredWorkspaceSettings(await workspaceSettingsFiles())))
      .catch(() => undefined);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
  const workspaceFile = vscode.workspace.workspaceFile;
  const workspaceFileWatcher =
    workspaceFile?.scheme === 'file'
      ? vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(workspaceFile, '..'), workspaceFile.path.split('/').pop() ?? ''))
      : undefined;
  const subscriptions: vscode.Disposable[] = [
    watcher,
    watcher.onDidCreate(check),
    watcher.onDidChange(check),
    watcher.onDidDelete(check),
    ...(workspaceFileWatcher ? [workspaceFileWatcher, workspaceFileWatcher.onDidChange(check)] : []),
    vscode.workspace.onDidChangeWorkspaceFolders(check),
    onDidChangeConfig(check),
  ];
  setTimeout(check, 0);
  return vscode.Disposable.from(...subscriptions);
}
