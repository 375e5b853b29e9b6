import * as vscode from 'vscode';
import { GALLERY_VIEW_TYPE } from '../constants';
import type { GenerationRecord } from '../runs/record';
import { resolveLineage, type ResolvedLineage } from '../runs/lineageView';
import type { Probe } from '../probe';
import { markWalkthroughStep } from '../walkthroughProgress';
import { chooseGalleryColumn } from './galleryColumn';
import { GalleryIntents, type GalleryIntentDeps } from './galleryIntents';
import { generationIdFromState, tabUri } from './galleryLookups';
import { GalleryPanel, type GalleryIntent, type GalleryPanelHost } from './panel';
import { createGalleryWebviewPanel, createReservedGalleryPanel, galleryTitle } from './panelPage';
import { GalleryReservations, type GalleryReservation } from './reservations';
import { runTimeLabel, sharesSourceName } from './tabTitles';

/** What the galleries are given: what their intents take, and what their pages show. */
export interface GalleriesDeps extends GalleryIntentDeps {
  extensionUri: vscode.Uri;
  emulatorNotice(apiOrigin: string): string | undefined;
  readGenerationFile(generationId: string, fileName: string): Promise<Uint8Array>;
  /** How long runs like this usually take (src/runs/estimates.ts). */
  typicalSeconds?(record: GenerationRecord): number | undefined;
}

/**
 * All gallery panels: one per generation, opened when a run starts or on request, revived
 * after a reload by the serializer, and kept up to date from the run manager.
 */
export class Galleries implements vscode.Disposable, GalleryPanelHost {
  private readonly panels = new Map<string, GalleryPanel>();
  private readonly reservations = new GalleryReservations<vscode.WebviewPanel>();
  private readonly subscription: { dispose(): void };
  private readonly intents: GalleryIntents;
  readonly extensionUri: vscode.Uri;
  readonly probe: Probe;

  constructor(private readonly deps: GalleriesDeps) {
    this.extensionUri = deps.extensionUri;
    this.probe = deps.probe;
    this.intents = new GalleryIntents(deps, (target) =>
      this.show(target.id, { sourceName: target.source.name, sourceUri: target.source.uri }),
    );
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

  /** Does what a panel's webview asked, once the panel checked the message (src/gallery/galleryIntents.ts). */
  onIntent(generationId: string, message: GalleryIntent): Promise<void> {
    return this.intents.handle(generationId, message);
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
