import * as vscode from 'vscode';
import { Commands, HISTORY_VIEW_ID } from '../constants';
import type { Galleries } from '../gallery/galleries';
import type { Notifier } from '../notifier';
import type { GenerationRecord, StoredResult } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import { clearQuestion, megabytes, planClearing, removeRuns } from './clearing';
import type { HistoryFiles } from './historyFiles';
import { HistoryViewProvider } from './historyView';
import { listRecords, type RecordSource } from './listing';
import { LiveRuns } from './liveRuns';
import { HistoryStatusBar } from './statusBar';

export interface HistoryDeps {
  extensionUri: vscode.Uri;
  generationsUri: vscode.Uri;
  generationFolderUri(generationId: string): vscode.Uri;
  records: RecordSource;
  files: HistoryFiles;
  runs: Pick<RunManager, 'onDidChange'>;
  galleries: Pick<Galleries, 'show'>;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** Vary a stored result (src/commands/vary.ts). */
  vary?(record: GenerationRecord, result: StoredResult): Promise<void>;
}

export interface History {
  view: HistoryViewProvider;
  live: LiveRuns;
  statusBar: HistoryStatusBar;
  disposables: vscode.Disposable[];
}

/** The *Variations* view, its two commands and the status bar item, wired to this window's runs. */
export function registerHistory(deps: HistoryDeps): History {
  const live = new LiveRuns();
  const view = new HistoryViewProvider({ ...deps, live });
  const statusBar = new HistoryStatusBar(live, deps.galleries);
  const disposables: vscode.Disposable[] = [
    deps.runs.onDidChange((record, progress) => live.observe(record, progress)),
    view,
    statusBar,
    vscode.window.registerWebviewViewProvider(HISTORY_VIEW_ID, view),
    vscode.commands.registerCommand(Commands.showHistory, () => vscode.commands.executeCommand(`${HISTORY_VIEW_ID}.focus`)),
    vscode.commands.registerCommand(Commands.clearHistory, () => clearHistory(deps, live, view)),
  ];
  return { view, live, statusBar, disposables };
}

/** Returns how many runs were removed (0 when declined or there was nothing to remove). */
async function clearHistory(deps: HistoryDeps, live: LiveRuns, view: HistoryViewProvider): Promise<number> {
  const records = await listRecords(deps.records);
  const plan = await planClearing(records, (id) => live.isRunning(id), deps.files);
  const question = clearQuestion(plan);
  if (!question) {
    void deps.notifier.info(vscode.l10n.t('There are no finished runs to remove.'));
    return 0;
  }
  if (!(await deps.notifier.confirm(question))) {
    return 0;
  }
  // A run started while the modal was open is not in the plan; one that became live is spared.
  const removed = await removeRuns(plan.remove.filter((id) => !live.isRunning(id)), deps.files, (message) => deps.log.warn(message));
  deps.log.info(`History: cleared ${removed.length} runs (${megabytes(plan.bytes)}).`);
  await view.refresh();
  return removed.length;
}
