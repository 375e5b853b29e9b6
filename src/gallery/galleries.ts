import * as path from 'path';
import * as vscode from 'vscode';
import { GALLERY_VIEW_TYPE } from '../constants';
import { assertNever } from '../shared/guards';
import type { ActionId, WebviewMessage } from '../shared/protocol';
import type { GenerationRecord, StoredResult } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import { retryDownloadRefusal } from '../runs/runActions';
import { isGenerationId } from '../runs/store';
import { resolveLineage, type ResolvedLineage } from '../runs/lineageView';
import { markWalkthroughStep } from '../walkthroughProgress';
import { chooseGalleryColumn } from './galleryColumn';
import { copyRunSettings } from './copyRunSettings';
import { GalleryPanel, type GalleryPanelHost } from './panel';
import { createGalleryWebviewPanel, createReservedGalleryPanel, galleryTitle } from './panelPage';
import { GalleryReservations, type GalleryReservation } from './reservations';
import { runTimeLabel, sharesSourceName } from './tabTitles';
import type { ResultSaver, SaveOutcome } from './save';
import type { Notifier } from '../notifier';
import type { Probe } from '../probe';
import { forgetResultSaved, markResultSaved } from '../runs/recordEdits';

export interface GalleriesDeps {
  extensionUri: vscode.Uri;
  runs: RunManager;
  saver: ResultSaver;
  generationFolderUri(generationId: string): vscode.Uri;
  emulatorNotice(apiOrigin: string): string | undefined;
  readGenerationFile(generationId: string, fileName: string): Promise<Uint8Array>;
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
  /** How long runs like this usually take (src/runs/estimates.ts). */
  typicalSeconds?(record: GenerationRecord): number | undefined;
}

type Intent = Exclude<WebviewMessage, { type: 'ready' | 'firstPaint' }>;

/**
 * All gallery panels: one per generation, opened when a run starts or on request, revived
 * after a reload by the serializer, and kept up to date from the run manager.
 */
export class Galleries implements vscode.Disposable, GalleryPanelHost {
  private readonly panels = new Map<string, GalleryPanel>();
  private readonly reservations = new GalleryReservations<vscode.WebviewPanel>();
  private readonly subscription: { dispose(): void };
  readonly extensionUri: vscode.Uri;
  readonly probe: Probe;

  constructor(private readonly deps: GalleriesDeps) {
    this.extensionUri = deps.extensionUri;
    this.probe = deps.probe;
    this.subscription = deps.runs.onDidChange((record, progress) => {
      this.panels.get(record.id)?.update(record, progress);
    });
  }

  /**
   * Opens (or reveals) the panel of a generation. `sourceUri` (as the record keeps it) lets a new
   * panel open beside the editor that shows the source.
   */
  show(generationId: string, options: { preserveFocus?: boolean; sourceName: string; sourceUri?: string }): GalleryPanel {
    markWalkthroughStep('galleryShown');
    const existing = this.panels.get(generationId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const reserved = options.sourceUri !== undefined ? this.reservations.take(options.sourceUri) : undefined;
    if (reserved) {
      reserved.reveal(undefined, options.preserveFocus ?? false);
      return this.adopt(reserved, generationId);
    }
    const panel = createGalleryWebviewPanel(options.sourceName, options.preserveFocus ?? false, this.newPanelColumn(options.sourceUri));
    return this.adopt(panel, generationId);
  }

  /**
   * Opens the gallery of a run about to start on `sourceUri` (as the record will keep it), without
   * the focus; the run's show() takes it over. Release the reservation once the run started or
   * will not: an untaken panel closes then. See src/gallery/reservations.ts.
   */
  reserve(options: { sourceName: string; sourceUri: string }): GalleryReservation {
    return this.reservations.reserve(options.sourceUri, () =>
      createReservedGalleryPanel(this.extensionUri, options.sourceName, this.newPanelColumn(options.sourceUri)),
    );
  }

  private newPanelColumn(sourceUri: string | undefined): vscode.ViewColumn {
    const placement = chooseGalleryColumn({
      groups: vscode.window.tabGroups.all.map((group) => ({
        column: group.viewColumn,
        active: group.isActive,
        shownUri: tabUri(group.activeTab)?.toString(),
      })),
      galleryColumns: [...this.panels.values()].flatMap((gallery) => gallery.panel.viewColumn ?? []),
      sourceUri,
    });
    return placement.kind === 'column' ? placement.column : vscode.ViewColumn.Beside;
  }

  get openPanelCount(): number {
    return this.panels.size;
  }

  panelFor(generationId: string): GalleryPanel | undefined {
    return this.panels.get(generationId);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(GALLERY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const id = generationIdFromState(state);
        if (!id || !(await this.deps.runs.get(id))) {
          // The run's files are gone (or the state is not ours): nothing to restore.
          panel.dispose();
          return;
        }
        this.adopt(panel, id);
      },
    });
  }

  private adopt(panel: vscode.WebviewPanel, generationId: string): GalleryPanel {
    const gallery = new GalleryPanel(panel, generationId, this);
    this.panels.set(generationId, gallery);
    gallery.onDidDispose(() => {
      if (this.panels.get(generationId) === gallery) {
        this.panels.delete(generationId);
      }
      this.learnedSource(gallery);
    });
    return gallery;
  }

  titleOf(panel: GalleryPanel, record: GenerationRecord): string {
    const shared = sharesSourceName(panel.generationId, record.source.name, this.panels.values());
    return galleryTitle(record.source.name, shared ? runTimeLabel(record.createdAt, new Date(), vscode.env.language) : undefined);
  }

  learnedSource(panel: GalleryPanel): void {
    for (const other of this.panels.values()) {
      if (other !== panel && other.sourceName === panel.sourceName) {
        other.retitle();
      }
    }
  }

  // GalleryPanelHost

  generationFolderUri(generationId: string): vscode.Uri {
    return this.deps.generationFolderUri(generationId);
  }

  emulatorNotice(apiOrigin: string): string | undefined {
    return this.deps.emulatorNotice(apiOrigin);
  }

  typicalSeconds(record: GenerationRecord): number | undefined {
    return this.deps.typicalSeconds?.(record);
  }

  getRun(generationId: string) {
    return this.deps.runs.get(generationId);
  }

  readGenerationFile(generationId: string, fileName: string): Promise<Uint8Array> {
    return this.deps.readGenerationFile(generationId, fileName);
  }

  log(message: string): void {
    this.deps.log.warn(message);
  }

  lineageOf(record: GenerationRecord): Promise<ResolvedLineage | undefined> {
    return resolveLineage(record, (id) => this.deps.loadRecord(id));
  }

  async onIntent(generationId: string, message: Intent): Promise<void> {
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
    const panel = this.show(target.id, { sourceName: target.source.name, sourceUri: target.source.uri });
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

  dispose(): void {
    this.subscription.dispose();
    this.reservations.dispose();
    for (const panel of [...this.panels.values()]) {
      panel.dispose();
    }
    this.panels.clear();
  }
}

/**
 * The saved file of a result if it is still there. Records saved before `savedUri` existed hold
 * only the label: absolute, or relative to a workspace folder (prefixed with its name when
 * several are open).
 */
async function savedFileOf(result: StoredResult): Promise<vscode.Uri | undefined> {
  const candidates: vscode.Uri[] = [];
  if (result.savedUri) {
    candidates.push(vscode.Uri.parse(result.savedUri));
  } else if (result.savedTo && path.isAbsolute(result.savedTo)) {
    candidates.push(vscode.Uri.file(result.savedTo));
  } else if (result.savedTo) {
    const label = result.savedTo;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      candidates.push(vscode.Uri.joinPath(folder.uri, label));
      if (label.startsWith(`${folder.name}/`)) {
        candidates.push(vscode.Uri.joinPath(folder.uri, label.slice(folder.name.length + 1)));
      }
    }
  }
  for (const uri of candidates) {
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // Not there: try the next reading of the label.
    }
  }
  return undefined;
}

/** The file a tab shows: a text editor, the image preview (a custom editor) or a notebook. */
function tabUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputNotebook) {
    return input.uri;
  }
  return undefined;
}

function generationIdFromState(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) {
    return undefined;
  }
  const s = state as { generationId?: unknown; view?: { generationId?: unknown } };
  const id = s.view?.generationId ?? s.generationId;
  return isGenerationId(id) ? id : undefined;
}
