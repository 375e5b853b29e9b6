import * as vscode from 'vscode';
import { errorMessage } from '../shared/errorMessage';
import type { HostMessage } from '../shared/protocol';
import type { Probe } from '../probe';
import type { GenerationRecord } from '../runs/record';
import type { LiveProgress } from '../runs/generationRun';
import { actionLabel } from '../runs/runActions';
import type { ResolvedLineage } from '../runs/lineageView';
import { VaryOffers } from '../commands/varyOffers';
import { handlePanelMessage, type GalleryIntent, type PanelMessageTarget } from './panelMessages';
import { galleryTitle, initMessage, renderPanelHtml, webviewOptions } from './panelPage';
import { RunOffers } from './runOffers';
import { toGalleryView, type ViewContext } from './viewModel';

export type { GalleryIntent } from './panelMessages';

/** What a panel asks of the rest of the extension; the panel itself only renders and routes. */
export interface GalleryPanelHost {
  extensionUri: vscode.Uri;
  generationFolderUri(generationId: string): vscode.Uri;
  emulatorNotice(apiOrigin: string): string | undefined;
  getRun(generationId: string): Promise<{ record: GenerationRecord; progress: LiveProgress } | undefined>;
  onIntent(generationId: string, message: GalleryIntent): Promise<void>;
  /** A Vary run's breadcrumb, its ancestors read from disk (src/runs/lineageView.ts). */
  lineageOf(record: GenerationRecord): Promise<ResolvedLineage | undefined>;
  /** A file of the generation; from memory when global storage refused it (GenerationStore.readFile). */
  readGenerationFile(generationId: string, fileName: string): Promise<Uint8Array>;
  log(message: string): void;
  /** Sees every message posted to the webview; decides whether the webview reports painting. */
  readonly probe: Probe;
  /** The tab's title; with the run's time when another gallery shows an image of the same name. */
  titleOf?(panel: GalleryPanel, record: GenerationRecord): string;
  /** The panel now knows its run: galleries of the same image name are titled again. */
  learnedSource?(panel: GalleryPanel): void;
  /** How long runs like this usually take, from the user's own runs (src/runs/estimates.ts). */
  typicalSeconds?(record: GenerationRecord): number | undefined;
}

/**
 * One gallery panel shows one generation. It validates every message from the webview before
 * acting (src/gallery/panelMessages.ts) and sends the whole view on each change (the webview
 * keeps the last one in its state).
 */
export class GalleryPanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** Run Again and Reproduce as this panel offered them: each token buys one run. */
  private readonly offers = new RunOffers();
  /** Results only this window holds whose bytes this webview document has been sent, by `id|file`. */
  private readonly heldImagesSent = new Set<string>();
  /** The run's source name and start, once read: its tab title depends on the other tabs. */
  sourceName: string | undefined;
  private titleRecord: GenerationRecord | undefined;
  /** Vary, one offer per ready result (keys: result ids). */
  private readonly varyOffers = new VaryOffers();
  /** Read when the page is made and at each `ready`; updates in between reuse it. */
  private lineage: ResolvedLineage | undefined;
  /** A result to focus once the webview is ready (a breadcrumb opened this gallery). */
  private pendingFocus: string | undefined;
  private readonly messageTarget: PanelMessageTarget;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly generationId: string,
    private readonly host: GalleryPanelHost,
  ) {
    host.probe.galleryMark(generationId, 'panelCreated', Date.now());
    this.messageTarget = {
      generationId,
      probe: host.probe,
      log: (message) => host.log(message),
      onIntent: (message) => host.onIntent(generationId, message),
      offers: this.offers,
      varyOffers: this.varyOffers,
      onReady: () => {
        // A new document (a reload, a panel shown again): it has none of the held images.
        this.heldImagesSent.clear();
        return this.sendInit();
      },
      inLineage: (id) => this.lineage?.links.has(id) ?? false,
      refresh: () => this.refresh(),
    };
    const folder = host.generationFolderUri(generationId);
    panel.webview.options = webviewOptions(host.extensionUri, folder);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'icon.png');
    void this.setHtml();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /**
   * Shows one result (highlighted). A hidden webview is not running (its page loads again when
   * shown, and a message posted meanwhile is lost), so then it waits for the page's `ready`.
   */
  focusResult(resultId: string): void {
    if (this.ready && this.panel.visible) {
      this.post({ type: 'focusResult', resultId });
    } else {
      this.pendingFocus = resultId;
    }
  }

  /** Sends the current view; before the webview said `ready` it would be lost, so wait. */
  update(record: GenerationRecord, progress: LiveProgress): void {
    if (this.disposed || !this.ready) {
      return;
    }
    this.setTitle(record);
    this.post({ type: 'update', view: toGalleryView(record, progress, this.viewContext(record)) });
    void this.sendHeldImages(record);
  }

  /** A message from the webview, checked before anything acts on it (src/gallery/panelMessages.ts). */
  handleMessage(raw: unknown): Promise<void> {
    return handlePanelMessage(this.messageTarget, raw);
  }

  /**
   * A result global storage refused has no file a webview URI could name: its bytes go to the
   * webview once per document, which shows them from a blob: URL (the page's CSP allows blob:
   * images and nothing more). The card says it is not stored until it is saved.
   */
  private async sendHeldImages(record: GenerationRecord): Promise<void> {
    for (const result of record.results) {
      const key = `${result.id}|${result.file ?? ''}`;
      if (result.status !== 'ready' || !result.notStored || !result.file || !result.format || this.heldImagesSent.has(key)) {
        continue;
      }
      this.heldImagesSent.add(key);
      try {
        // A copy: a Buffer's bytes may sit in a larger pool, and only these should travel.
        const bytes = new Uint8Array(await this.host.readGenerationFile(record.id, result.file));
        if (!this.disposed) {
          this.post({ type: 'heldImage', resultId: result.id, format: result.format, bytes });
        }
      } catch (error) {
        this.heldImagesSent.delete(key);
        this.host.log(`Gallery ${this.generationId}: could not show ${result.file}, kept only in memory: ${errorMessage(error)}`);
      }
    }
  }

  /**
   * The page carries its first view (the same one `init` would bring), so the webview paints
   * the source, the settings and the placeholders as soon as it loads instead of after a round
   * trip. For a live run the record is at hand (a microtask); a restored panel reads it from disk.
   */
  private async setHtml(): Promise<void> {
    let run: Awaited<ReturnType<GalleryPanelHost['getRun']>>;
    try {
      run = await this.host.getRun(this.generationId);
    } catch (error) {
      this.host.log(`Gallery ${this.generationId}: could not read the run for the page: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.lineage = run ? await this.readLineage(run.record) : undefined;
    if (this.disposed) {
      return;
    }
    if (run) {
      this.setTitle(run.record);
    }
    const firstView = run ? this.initMessage(run.record, run.progress) : undefined;
    this.panel.webview.html = renderPanelHtml(this.panel.webview, this.host.extensionUri, this.panel.title, firstView);
    this.host.probe.galleryMark(this.generationId, 'htmlSet', Date.now());
  }

  private initMessage(record: GenerationRecord, progress: LiveProgress): HostMessage {
    return initMessage(toGalleryView(record, progress, this.viewContext(record)), this.host.probe.wantsPaintReports);
  }

  private viewContext(record: GenerationRecord): ViewContext {
    const folder = this.host.generationFolderUri(record.id);
    return {
      fileSrc: (fileName) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(folder, fileName)).toString(),
      actionLabel,
      emulatorNotice: this.host.emulatorNotice(record.apiOrigin),
      offer: (actions) => this.offers.present(actions),
      offerVary: (resultId) => this.varyOffers.offer(resultId),
      lineage: this.lineage?.view,
      typicalSeconds: () => this.host.typicalSeconds?.(record),
    };
  }

  private async readLineage(record: GenerationRecord): Promise<ResolvedLineage | undefined> {
    try {
      return await this.host.lineageOf(record);
    } catch (error) {
      this.host.log(`Gallery ${this.generationId}: could not read its lineage: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** Sends the view again, with new offers in place of the used one. */
  private async refresh(): Promise<void> {
    const run = await this.host.getRun(this.generationId);
    if (run) {
      this.update(run.record, run.progress);
    }
  }

  private async sendInit(): Promise<void> {
    const run = await this.host.getRun(this.generationId);
    if (!run || this.disposed) {
      return;
    }
    // A parent may have been deleted since the page was made.
    this.lineage = await this.readLineage(run.record);
    if (this.disposed) {
      return;
    }
    this.ready = true;
    this.setTitle(run.record);
    // The page painted its own first view already; this brings what changed since, and lets
    // updates flow from now on.
    this.post(this.initMessage(run.record, run.progress));
    this.host.probe.galleryMark(this.generationId, 'initPosted', Date.now());
    if (this.pendingFocus !== undefined) {
      this.post({ type: 'focusResult', resultId: this.pendingFocus });
      this.pendingFocus = undefined;
    }
    await this.sendHeldImages(run.record);
  }

  private setTitle(record: GenerationRecord): void {
    const learned = this.sourceName !== record.source.name;
    this.sourceName = record.source.name;
    this.titleRecord = record;
    this.retitle();
    if (learned) {
      this.host.learnedSource?.(this);
    }
  }

  /** Sets the title again (another gallery of the same image name opened or closed). */
  retitle(): void {
    if (!this.disposed && this.titleRecord) {
      this.panel.title = this.host.titleOf?.(this, this.titleRecord) ?? galleryTitle(this.titleRecord.source.name);
    }
  }

  private post(message: HostMessage): void {
    this.host.probe.posted(this.generationId, message);
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }
}
