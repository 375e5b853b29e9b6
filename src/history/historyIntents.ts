import * as vscode from 'vscode';
import type { GalleryIntent } from '../gallery/panel';
import type { Notifier } from '../notifier';
import type { GenerationRecord } from '../runs/record';
import { assertNever } from '../shared/guards';
import type { HistoryWebviewMessage } from '../shared/historyProtocol';
import { deleteRun, refusedWhileRunning } from './deleteRun';
import { markFavourite } from './favourites';
import type { HistoryFiles } from './historyFiles';
import type { IsRunningAnywhere } from './runningAnywhere';

/** What the history's buttons need of the rest of the extension. */
export interface HistoryIntentDeps {
  generationFolderUri(generationId: string): vscode.Uri;
  /** Opens a run's gallery; save and save as go through the gallery's own handling. */
  galleries: {
    show(generationId: string, options: { sourceName: string; sourceUri?: string }): unknown;
    onIntent(generationId: string, message: GalleryIntent): Promise<void>;
  };
  /** The one way to change a finished record (RunManager.updateRecord). */
  updateRecord(id: string, mutate: (record: GenerationRecord) => void | false): Promise<GenerationRecord | undefined>;
  isRunningAnywhere: IsRunningAnywhere;
  files: Pick<HistoryFiles, 'removeFolder'>;
  notifier: Notifier;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
  /** Run Again: takes the row's one-time token; false when it was used or never offered. */
  redeemRunAgain(generationId: string, token: string): boolean;
  runAgain(record: GenerationRecord): Promise<void>;
  /** Vary a result: goes ahead only with the token of that result's offer (the view holds the offers). */
  varyWithToken(record: GenerationRecord, resultId: string, token: string): Promise<void>;
  /**
   * Something this window changed that the list (here and in other windows) should show: one
   * run when it is given, else the whole list.
   */
  changed(updated?: GenerationRecord): Promise<void>;
}

export type HistoryIntent = Exclude<HistoryWebviewMessage, { type: 'ready' } | { type: 'painted' }>;

/** Does what a checked message of the history asks, for a run the list showed. */
export async function performHistoryIntent(message: HistoryIntent, record: GenerationRecord, deps: HistoryIntentDeps): Promise<void> {
  switch (message.type) {
    case 'openGallery':
      deps.galleries.show(record.id, { sourceName: record.source.name, sourceUri: record.source.uri });
      return;
    case 'revealSource':
      await revealSource(record, deps.notifier);
      return;
    case 'openResult':
    case 'compareResult': {
      const file = readyFile(record, message.resultId, deps);
      if (!file) {
        return;
      }
      const folder = deps.generationFolderUri(record.id);
      if (message.type === 'openResult') {
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(folder, file.name), { preview: true });
      } else {
        // The stored copy of the source: it is there even when the original moved.
        await vscode.commands.executeCommand(
          'vscode.diff',
          vscode.Uri.joinPath(folder, record.source.storedFile),
          vscode.Uri.joinPath(folder, file.name),
          vscode.l10n.t('{0} ↔ Variation {1}', record.source.name, file.index),
          { preview: true },
        );
      }
      return;
    }
    case 'saveResult':
    case 'saveResultAs':
      if (readyFile(record, message.resultId, deps)) {
        // The gallery's own saving: the same names, folder, recipe and record marks.
        await deps.galleries.onIntent(record.id, { type: message.type === 'saveResult' ? 'save' : 'saveAs', resultId: message.resultId });
      }
      return;
    case 'setFavourite': {
      const target = message.resultId === undefined ? { kind: 'run' as const } : { kind: 'result' as const, resultId: message.resultId };
      const updated = await deps.updateRecord(record.id, markFavourite(target, message.favourite));
      if (updated) {
        await deps.changed(updated);
      }
      return;
    }
    case 'runAgain':
      if (!deps.redeemRunAgain(record.id, message.token)) {
        deps.log.warn(`History: refused Run Again for ${record.id}: its token was used already or never offered.`);
        return;
      }
      await deps.runAgain(record);
      return;
    case 'deleteRun':
      await deleteOne(record, deps);
      return;
    case 'vary':
      await deps.varyWithToken(record, message.resultId, message.token);
      return;
    default:
      assertNever(message);
  }
}

function readyFile(record: GenerationRecord, resultId: string, deps: Pick<HistoryIntentDeps, 'log'>): { name: string; index: number } | undefined {
  const result = record.results.find((r) => r.id === resultId && r.status === 'ready' && r.file);
  if (!result?.file) {
    deps.log.warn('History: refused an action on a result that is not ready.');
    return undefined;
  }
  return { name: result.file, index: result.index };
}

async function deleteOne(record: GenerationRecord, deps: HistoryIntentDeps): Promise<void> {
  const outcome = await deleteRun(record, {
    isRunningAnywhere: deps.isRunningAnywhere,
    confirm: (question) => deps.notifier.confirm(question),
    files: deps.files,
  });
  switch (outcome) {
    case 'deleted':
      deps.log.info(`History: deleted run ${record.id}.`);
      await deps.changed();
      return;
    case 'running':
      void deps.notifier.warn(refusedWhileRunning(record));
      return;
    case 'declined':
      return;
    default:
      assertNever(outcome);
  }
}

/** The source in the Explorer when a workspace folder holds it, else opened; a note when it is gone. */
async function revealSource(record: GenerationRecord, notifier: Notifier): Promise<void> {
  const uri = vscode.Uri.parse(record.source.uri);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void notifier.warn(vscode.l10n.t('{0} is no longer where it was: it was moved or deleted.', record.source.name));
    return;
  }
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  }
}
