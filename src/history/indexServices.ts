/**
 * Wires the history's storage side: the index the view reads through, the thumbnails made for
 * this window's runs and for older listed runs, and the storage cap with its three triggers.
 * Global storage on the extension host's own disk only (every desktop and remote host); elsewhere
 * the view reads the store directly, without thumbnails or a cap.
 */
import * as vscode from 'vscode';
import { sharedTranscoder } from '../imaging/sharedTranscoder';
import { isTerminal, type GenerationRecord } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import type { GenerationStore } from '../runs/store';
import { readConfig } from '../vscodeConfig';
import type { HistoryFiles } from './historyFiles';
import { HistoryIndex } from './indexedRecords';
import { nodeIndexFileSystem } from './indexFs';
import type { IndexedRecordSource, RecordSource } from './listing';
import { StorageCapKeeper, type CapOutcome } from './storageCapKeeper';
import { ThumbnailMaker } from './thumbnails';

/** Long enough after activation for the window's own start-up work to be done. */
const STARTUP_CHECK_DELAY_MS = 20_000;

export interface HistoryStorageDeps {
  storageRoot: vscode.Uri;
  store: GenerationStore;
  runs: Pick<RunManager, 'onDidChange' | 'updateRecord'>;
  log: vscode.LogOutputChannel;
  /** Hears every listing too (the run estimates learn from it). */
  onListed?(records: readonly GenerationRecord[]): void;
}

export interface HistoryStorage {
  /** What the history view lists through. */
  records: RecordSource;
  index?: HistoryIndex;
  thumbnails?: ThumbnailMaker;
  cap?: StorageCapKeeper;
  /** Starts the cap's triggers once the view exists; every disposable goes into context.subscriptions. */
  start(history: { isRunningHere(id: string): boolean; files: HistoryFiles; refresh(): Promise<void> }): vscode.Disposable[];
}

export function createHistoryStorage(deps: HistoryStorageDeps): HistoryStorage {
  if (deps.storageRoot.scheme !== 'file') {
    return { records: deps.store, start: () => [] };
  }
  const root = deps.storageRoot.fsPath;
  // One lock per window: the store's own, so this window's index writes queue with its record edits.
  const lock = deps.store.lock;
  const fs = nodeIndexFileSystem(root);
  const index = new HistoryIndex({ fs, load: (id) => deps.store.load(id), lock, log: (message) => deps.log.warn(message) });
  const thumbnails = new ThumbnailMaker({
    thumbnailer: sharedTranscoder(),
    readFile: (id, file) => deps.store.readFile(id, file),
    writeFile: (id, file, bytes) => deps.store.writeFile(id, file, bytes),
    updateRecord: (id, mutate) => deps.runs.updateRecord(id, mutate),
    log: (message) => deps.log.info(message),
  });
  let lastRemoval: CapOutcome | undefined;
  const records: IndexedRecordSource = {
    readAll: () => index.readAll(),
    // Runs of other windows are theirs to write while they run: only finished ones get thumbnails from here.
    onListed: (listed) => {
      deps.onListed?.(listed);
      thumbnails.offerAll(listed.filter((record) => isTerminal(record.phase)));
    },
    storageNote: () => (lastRemoval ? capNote(lastRemoval) : undefined),
  };
  const storage: HistoryStorage = {
    records,
    index,
    thumbnails,
    start: (history) => {
      const cap = new StorageCapKeeper({
        entries: () => index.entriesWithBytes(),
        bytesOutsideGenerations: () => fs.bytesOutsideGenerations(),
        capMB: () => readConfig().maxStorageMB,
        isRunningHere: (id) => history.isRunningHere(id),
        load: (id) => deps.store.load(id),
        lock,
        files: history.files,
        removed: (outcome) => {
          lastRemoval = outcome;
          index.forget(outcome.removed);
          void history.refresh();
        },
        log: deps.log,
      });
      storage.cap = cap;
      const check = (reason: string) => {
        cap.check(reason).catch((error: unknown) => deps.log.warn(`History: the storage cap check failed: ${String(error)}`));
      };
      const startupCheck = setTimeout(() => check('startup'), STARTUP_CHECK_DELAY_MS);
      return [
        { dispose: () => clearTimeout(startupCheck) },
        { dispose: () => thumbnails.dispose() },
        deps.runs.onDidChange(runEnded(thumbnails, () => check('a run ended'))),
        vscode.workspace.onDidChangeConfiguration((event) => {
          if (event.affectsConfiguration('fluxRedux.history.maxStorageMB')) {
            check('the setting changed');
          }
        }),
      ];
    },
  };
  return storage;
}

/** This window's runs get their thumbnails as results arrive; a run that ends asks for a cap check. */
function runEnded(thumbnails: ThumbnailMaker, ended: () => void): (record: GenerationRecord) => void {
  const unfinished = new Set<string>();
  return (record) => {
    thumbnails.offer(record, true);
    if (!isTerminal(record.phase)) {
      unfinished.add(record.id);
    } else if (unfinished.delete(record.id)) {
      ended();
    }
  };
}

function capNote(outcome: CapOutcome): string {
  const size = vscode.l10n.t('{0} MB', (outcome.bytes / (1024 * 1024)).toFixed(1));
  return outcome.removed.length === 1
    ? vscode.l10n.t('The oldest run ({0}) was removed to keep the history under {1} MB (fluxRedux.history.maxStorageMB).', size, outcome.capMB)
    : vscode.l10n.t('The {0} oldest runs ({1}) were removed to keep the history under {2} MB (fluxRedux.history.maxStorageMB).', outcome.removed.length, size, outcome.capMB);
}
