import * as vscode from 'vscode';
import { Commands, HISTORY_VIEW_ID } from '../constants';
import type { Galleries } from '../gallery/galleries';
import type { Notifier } from '../notifier';
import type { Probe } from '../probe';
import type { GenerationRecord, StoredResult } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import { ChangeMarker } from './changeMarker';
import { clearQuestion, megabytes, planClearing, removeRuns } from './clearing';
import { isKept } from './favourites';
import type { HistoryFiles } from './historyFiles';
import type { HistoryIntentDeps } from './historyIntents';
import { HistoryViewProvider } from './historyView';
import { listRecords, type RecordSource } from './listing';
import { LiveRuns } from './liveRuns';
import { runningHereOrRecently, type IsRunningAnywhere } from './runningAnywhere';
import { HistoryStatusBar } from './statusBar';
import { vscodeMarkerFolder } from './vscodeHistoryFiles';

export interface HistoryDeps {
  extensionUri: vscode.Uri;
  globalStorageUri: vscode.Uri;
  generationsUri: vscode.Uri;
  generationFolderUri(generationId: string): vscode.Uri;
  records: RecordSource;
  /** One record as stored now (the store's own read, not the index's). */
  loadRecord(id: string): Promise<GenerationRecord | undefined>;
  files: HistoryFiles;
  runs: Pick<RunManager, 'onDidChange'>;
  /** The one way to change a finished record (RunManager.updateRecord). */
  updateRecord: HistoryIntentDeps['updateRecord'];
  galleries: Pick<Galleries, 'show' | 'onIntent'>;
  /** Run Again (src/runs/runActions.ts), once the row's token was taken. */
  runAgain(record: GenerationRecord): Promise<void>;
  /** Whether a run is running in any window; defaults to this window's runs and fresh records. */
  isRunningAnywhere?: IsRunningAnywhere;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** Vary a stored result (src/commands/vary.ts). */
  vary?(record: GenerationRecord, result: StoredResult): Promise<void>;
  /** How long runs like this usually take (src/runs/estimates.ts), for the running row. */
  typicalSeconds?(record: GenerationRecord): number | undefined;
  /** Test mode's probe (the view's paint reports). */
  probe?: Probe;
}

export interface History {
  view: HistoryViewProvider;
  live: LiveRuns;
  marker: ChangeMarker;
  statusBar: HistoryStatusBar;
  disposables: vscode.Disposable[];
}

/** The *Variations* view, its two commands and the status bar item, wired to this window's runs. */
export function registerHistory(deps: HistoryDeps): History {
  const live = new LiveRuns();
  const marker = new ChangeMarker({
    folder: vscodeMarkerFolder(vscode.Uri.joinPath(deps.globalStorageUri, 'history-changed')),
    windowId: `${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
    now: () => Date.now(),
    setInterval: (callback, ms) => {
      const timer = setInterval(callback, ms);
      return { dispose: () => clearInterval(timer) };
    },
    log: (message) => deps.log.warn(message),
  });
  const isRunningAnywhere = deps.isRunningAnywhere ?? runningHereOrRecently({
    isRunningHere: (id) => live.isRunning(id),
    load: (id) => deps.loadRecord(id),
    now: () => Date.now(),
  });
  const view = new HistoryViewProvider({
    ...deps,
    live,
    marker,
    isRunningAnywhere,
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()),
    now: () => Date.now(),
  });
  const statusBar = new HistoryStatusBar(live, deps.galleries);
  const disposables: vscode.Disposable[] = [
    deps.runs.onDidChange((record, progress) => {
      if (live.observe(record, progress)) {
        void marker.touch();
      }
    }),
    view,
    statusBar,
    marker,
    // Kept while hidden: shown again, the list is on screen at once instead of a page loading
    // anew (about a second in the real VS Code); the page holds only the rows in view.
    vscode.window.registerWebviewViewProvider(HISTORY_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.commands.registerCommand(Commands.showHistory, () => vscode.commands.executeCommand(`${HISTORY_VIEW_ID}.focus`)),
    vscode.commands.registerCommand(Commands.clearHistory, () => clearHistory(deps, live, view, marker)),
  ];
  return { view, live, marker, statusBar, disposables };
}

/** Returns how many runs were removed (0 when declined or there was nothing to remove). */
async function clearHistory(deps: HistoryDeps, live: LiveRuns, view: HistoryViewProvider, marker: ChangeMarker): Promise<number> {
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
  // A run started while the modal was open is not in the plan; one that became live, or that
  // another window marked a favourite meanwhile, is spared.
  const still: string[] = [];
  for (const id of plan.remove) {
    const record = live.isRunning(id) ? undefined : await deps.loadRecord(id);
    if (record && !isKept(record)) {
      still.push(id);
    }
  }
  const removed = await removeRuns(still, deps.files, (message) => deps.log.warn(message));
  deps.log.info(`History: cleared ${removed.length} runs (${megabytes(plan.bytes)}).`);
  await marker.touch();
  await view.refresh();
  return removed.length;
}
