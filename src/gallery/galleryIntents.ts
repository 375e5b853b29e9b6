import * as vscode from 'vscode';
import { assertNever } from '../shared/guards';
import type { ActionId } from '../shared/protocol';
import type { GenerationRecord, StoredResult } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import { retryDownloadRefusal } from '../runs/runActions';
import { forgetResultSaved, markResultSaved } from '../runs/recordEdits';
import type { Notifier } from '../notifier';
import type { Probe } from '../probe';
import { copyRunSettings } from './copyRunSettings';
import { savedFileOf } from './galleryLookups';
import type { GalleryIntent } from './panel';
import type { ResultSaver, SaveOutcome } from './save';

/** What carrying out a gallery's intents takes from the rest of the extension. */
export interface GalleryIntentDeps {
  runs: RunManager;
  saver: ResultSaver;
  generationFolderUri(generationId: string): vscode.Uri;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  /** Silent in the product; in test mode it keeps what was posted and hears `painted` reports. */
  probe: Probe;
  /**
   * Does what an action button says (src/runs/runActions.ts). A paid action reaches it only
   * after its panel took the offer's token (src/gallery/runOffers.ts).
   */
  runAction(record: GenerationRecord, action: ActionId): Promise<void>;
  /** Marks or unmarks a result as a favourite (src/history/favourites.ts), through the store's one way to edit a record. */
  setFavourite?(generationId: string, resultId: string, favourite: boolean): Promise<void>;
  /** Vary a ready result (src/commands/vary.ts); reached only after the panel took the offer's token. */
  vary(record: GenerationRecord, result: StoredResult): Promise<void>;
  /** A stored record, read without adopting its run: breadcrumbs read ancestors through it. */
  loadRecord(generationId: string): Promise<GenerationRecord | undefined>;
}

/** Opens (or reveals) the gallery of a run; a breadcrumb link then brings one of its results into view. */
export type OpenGallery = (record: GenerationRecord) => { focusResult(resultId: string): void };

/**
 * Does what a gallery's webview asked, once its panel checked the message (src/gallery/panel.ts):
 * save, save all, open, reveal a saved file, retry a download, cancel, run actions, vary, follow
 * the lineage, copy settings, favourites, and paint reports.
 */
export class GalleryIntents {
  constructor(
    private readonly deps: GalleryIntentDeps,
    private readonly openGallery: OpenGallery,
  ) {}

  async handle(generationId: string, message: GalleryIntent): Promise<void> {
    const run = await this.deps.runs.get(generationId);
    if (!run) {
      this.deps.log.warn(`Gallery: refused ${message.type} for an unknown generation.`);
      return;
    }
    const { record } = run;
    switch (message.type) {
      case 'save':
      case 'saveAs': {
        const result = this.readyResult(record, message.resultId);
        if (result) {
          const outcome = message.type === 'save'
            ? await this.deps.saver.save(record, result)
            : await this.deps.saver.saveAs(record, result);
          await this.afterSave(record, result, outcome);
        }
        return;
      }
      case 'saveAll':
        await this.saveAll(record);
        return;
      case 'open': {
        const result = this.readyResult(record, message.resultId);
        if (result?.notStored) {
          void this.deps.notifier.warn(
            vscode.l10n.t('Variation {0} is only in this window: the extension\'s storage refused it. Save it (or Save As…) to open it.', result.index),
          );
          return;
        }
        if (result?.file) {
          await vscode.commands.executeCommand(
            'vscode.open',
            vscode.Uri.joinPath(this.deps.generationFolderUri(record.id), result.file),
            { preview: true, viewColumn: vscode.ViewColumn.Active },
          );
        }
        return;
      }
      case 'revealSaved':
        await this.revealSaved(record, message.resultId);
        return;
      case 'retryDownload': {
        const refusal = retryDownloadRefusal(record, message.resultId);
        if (refusal) {
          this.deps.log.warn(`Gallery: ${refusal}`);
          return;
        }
        await this.deps.runs.retryDownload(record.id, message.resultId);
        return;
      }
      case 'cancel':
        this.cancel(record);
        return;
      case 'runAction':
        await this.deps.runAction(record, message.action);
        return;
      case 'vary': {
        const result = this.readyResult(record, message.resultId);
        if (result) {
          await this.deps.vary(record, result);
        }
        return;
      }
      case 'openLineage':
        await this.openLineage(message.generationId, message.resultId);
        return;
      case 'copySettings':
        await copyRunSettings(record, 'settings');
        return;
      case 'copySeed':
        await copyRunSettings(record, 'seed');
        return;
      case 'painted':
        this.deps.probe.painted(record.id, message.resultIds, message.at);
        return;
      case 'favourite':
        await this.deps.setFavourite?.(record.id, message.resultId, message.favourite);
        return;
      default:
        assertNever(message);
    }
  }

  /** A breadcrumb link (the panel checked it names a run of the lineage): that run's gallery, the result in view. */
  private async openLineage(generationId: string, resultId: string | undefined): Promise<void> {
    const target = await this.deps.loadRecord(generationId);
    if (!target) {
      this.deps.log.warn('Gallery: a breadcrumb named a run that is gone.');
      return;
    }
    const panel = this.openGallery(target);
    if (resultId !== undefined && target.results.some((r) => r.id === resultId)) {
      panel.focusResult(resultId);
    }
  }

  private readyResult(record: GenerationRecord, resultId: string): StoredResult | undefined {
    const result = record.results.find((r) => r.id === resultId && r.status === 'ready');
    if (!result) {
      this.deps.log.warn(`Gallery: refused an action on a result that does not exist or is not ready.`);
    }
    return result;
  }

  /**
   * Saving leaves the focus in the gallery (revealInExplorer would move it to the Explorer, and
   * Escape would no longer close the comparison): the card shows the saved name instead, and a
   * click on that name reveals the file on purpose.
   */
  private async afterSave(record: GenerationRecord, result: StoredResult, outcome: SaveOutcome): Promise<boolean> {
    switch (outcome.kind) {
      case 'saved':
        result.savedTo = outcome.label;
        result.savedUri = outcome.uri.toString();
        await this.deps.runs.updateRecord(record.id, markResultSaved(result.id, outcome.label, outcome.uri.toString()));
        return true;
      case 'declined':
        return false;
      case 'failed':
        void this.deps.notifier.error(outcome.message);
        return false;
      default:
        return assertNever(outcome);
    }
  }

  private async saveAll(record: GenerationRecord): Promise<void> {
    const unsaved = record.results.filter((r) => r.status === 'ready' && !r.savedTo);
    let saved = 0;
    let last: SaveOutcome | undefined;
    for (const result of unsaved) {
      last = await this.deps.saver.save(record, result);
      if (last.kind === 'declined') {
        break;
      }
      if (await this.afterSave(record, result, last)) {
        saved++;
      } else {
        break; // The error was shown; the rest stay in the gallery.
      }
    }
    if (last?.kind === 'saved') {
      void this.deps.notifier.info(
        saved === 1
          ? vscode.l10n.t('Saved 1 variation of {0}.', record.source.name)
          : vscode.l10n.t('Saved {0} variations of {1}.', saved, record.source.name),
      );
    }
  }

  /** The file a result was saved as: in the Explorer when a workspace folder holds it, else opened. */
  private async revealSaved(record: GenerationRecord, resultId: string): Promise<void> {
    const result = record.results.find((r) => r.id === resultId);
    if (!result?.savedTo) {
      this.deps.log.warn('Gallery: refused to reveal a result that was not saved.');
      return;
    }
    const uri = await savedFileOf(result);
    if (!uri) {
      // Moved or deleted since: forget it, so Save and Save all offer to save it again.
      const where = result.savedTo;
      result.savedTo = undefined;
      result.savedUri = undefined;
      await this.deps.runs.updateRecord(record.id, forgetResultSaved(resultId));
      void this.deps.notifier.warn(
        vscode.l10n.t('Variation {0} is no longer at {1}: it was moved or deleted. Save it again from the gallery.', result.index, where),
      );
      return;
    }
    if (vscode.workspace.getWorkspaceFolder(uri)) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
    } else {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
    }
  }

  private cancel(record: GenerationRecord): void {
    const wasGenerating = record.phase === 'generating';
    if (this.deps.runs.cancel(record.id) && wasGenerating) {
      void this.deps.notifier.warn(
        vscode.l10n.t('Stopped waiting for {0}. The server may still finish this generation and charge for it.', record.source.name),
      );
    }
  }
}
