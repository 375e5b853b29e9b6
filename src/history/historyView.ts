import * as vscode from 'vscode';
import { createNonce, renderGalleryHtml } from '../gallery/html';
import type { Galleries } from '../gallery/galleries';
import type { Notifier } from '../notifier';
import type { GenerationRecord, StoredResult } from '../runs/record';
import { ancestryOf } from '../runs/lineage';
import { lineageView } from '../runs/lineageView';
import { historyVaryKey, VaryOffers } from '../commands/varyOffers';
import { assertNever } from '../shared/guards';
import {
  parseHistoryWebviewMessage,
  type HistoryHostMessage,
  type HistoryView,
  type HistoryWebviewMessage,
} from '../shared/historyProtocol';
import { deleteRun, refusedWhileRunning } from './deleteRun';
import type { HistoryFiles } from './historyFiles';
import { listRecords, type RecordSource } from './listing';
import type { LiveRuns } from './liveRuns';
import { toHistoryRunView, type RowContext } from './rows';
import { historyStrings } from './strings';

export interface HistoryViewDeps {
  extensionUri: vscode.Uri;
  /** `<globalStorage>/generations`: the only data the view may load. */
  generationsUri: vscode.Uri;
  generationFolderUri(generationId: string): vscode.Uri;
  records: RecordSource;
  live: LiveRuns;
  files: HistoryFiles;
  galleries: Pick<Galleries, 'show'>;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** Vary a stored result (src/commands/vary.ts); reached only with the token of its offer. */
  vary?(record: GenerationRecord, result: StoredResult): Promise<void>;
}

/**
 * The *Variations* view: lists the stored runs and routes the webview's intents. It validates
 * every message before acting; the list and its words are made in plain modules.
 */
export class HistoryViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private records = new Map<string, GenerationRecord>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Vary offers of the results the view lists (keys: run and result ids). */
  private readonly varyOffers = new VaryOffers();

  constructor(private readonly deps: HistoryViewDeps) {
    this.disposables.push(deps.live.onDidChange((record) => this.runChanged(record)));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media, this.deps.generationsUri],
    };
    const webview = view.webview;
    webview.html = renderGalleryHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'history.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'history.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'build', 'codicons', 'codicon.css')).toString(),
      title: vscode.l10n.t('Variations'),
      lang: vscode.env.language,
    });
    const subscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
      // Runs from other windows (and deletions there) show when the view is shown again.
      view.onDidChangeVisibility(() => {
        if (view.visible) {
          void this.refresh();
        }
      }),
    ];
    view.onDidDispose(() => {
      subscriptions.forEach((s) => {
        s.dispose();
      });
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  /**
   * Reads the list as the view would show it, whether or not the view was ever shown (integration
   * tests read it; URIs are empty without a webview). Intents then act on what it listed.
   */
  currentView(): Promise<HistoryView> {
    return this.readView();
  }

  /** Re-reads every record and sends the whole list. */
  async refresh(): Promise<void> {
    if (!this.view || !this.ready) {
      return;
    }
    const view = await this.readView();
    this.post({ type: 'runs', view });
  }

  private async readView(): Promise<HistoryView> {
    const records = await listRecords(this.deps.records);
    this.records = new Map(records.map((record) => [record.id, record]));
    return { runs: records.map((record) => this.row(record)) };
  }

  private row(record: GenerationRecord) {
    // A live record is fresher than the stored one (progress is not written to disk).
    const live = this.deps.live.get(record.id);
    return toHistoryRunView(live?.record ?? record, live?.progress, this.rowContext());
  }

  private rowContext(): RowContext {
    const webview = this.view?.webview;
    const language = vscode.env.language;
    return {
      fileSrc: (id, fileName) =>
        webview ? webview.asWebviewUri(vscode.Uri.joinPath(this.deps.generationFolderUri(id), fileName)).toString() : '',
      formatWhen: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
      },
      // Ancestors are listed too, so the breadcrumb walks the records in hand.
      lineage: (record) => {
        const ancestry = ancestryOf(record, (id) => this.records.get(id));
        return ancestry && lineageView(ancestry);
      },
      ...(this.deps.vary ? { offerVary: (id: string, resultId: string) => this.varyOffers.offer(historyVaryKey(id, resultId)) } : {}),
    };
  }

  private runChanged(record: GenerationRecord): void {
    this.records.set(record.id, record);
    if (!this.view || !this.ready) {
      return;
    }
    this.post({ type: 'run', run: this.row(record) });
  }

  private post(message: HistoryHostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  /** Every message of the webview arrives here (tests send forged ones); nothing unchecked is acted on. */
  async handleMessage(raw: unknown): Promise<void> {
    const message = parseHistoryWebviewMessage(raw);
    if (!message) {
      this.deps.log.warn('History: refused a message that is not part of the protocol.');
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.deps.log.error(`History: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async handle(message: HistoryWebviewMessage): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      const view = await this.readView();
      this.post({ type: 'init', strings: historyStrings(), view });
      return;
    }
    const record = this.records.get(message.generationId);
    if (!record) {
      this.deps.log.warn(`History: refused ${message.type} for a run that is not listed.`);
      return;
    }
    switch (message.type) {
      case 'openGallery':
        this.deps.galleries.show(record.id, { sourceName: record.source.name, sourceUri: record.source.uri });
        return;
      case 'revealSource':
        await this.revealSource(record);
        return;
      case 'openResult': {
        const result = record.results.find((r) => r.id === message.resultId && r.status === 'ready' && r.file);
        if (!result?.file) {
          this.deps.log.warn('History: refused to open a result that is not ready.');
          return;
        }
        await vscode.commands.executeCommand(
          'vscode.open',
          vscode.Uri.joinPath(this.deps.generationFolderUri(record.id), result.file),
          { preview: true },
        );
        return;
      }
      case 'deleteRun':
        await this.delete(record);
        return;
      case 'vary':
        await this.vary(record, message.resultId, message.token);
        return;
      default:
        assertNever(message);
    }
  }

  /** Vary goes ahead only with the open offer's token, which it uses up; the row then brings a new one. */
  private async vary(record: GenerationRecord, resultId: string, token: string): Promise<void> {
    const result = record.results.find((r) => r.id === resultId && r.status === 'ready' && r.file);
    const redemption = this.varyOffers.redeem(historyVaryKey(record.id, resultId), token);
    if (!result || !redemption.ok || !this.deps.vary) {
      this.deps.log.warn(`History: refused vary of ${record.id}: ${!result ? 'the result is not ready' : 'it was not offered, or its token was used already'}.`);
      return;
    }
    this.post({ type: 'run', run: this.row(record) });
    await this.deps.vary(record, result);
  }

  private async delete(record: GenerationRecord): Promise<void> {
    const outcome = await deleteRun(record, {
      isRunningHere: (id) => this.deps.live.isRunning(id),
      confirm: (question) => this.deps.notifier.confirm(question),
      files: this.deps.files,
    });
    switch (outcome) {
      case 'deleted':
        this.deps.log.info(`History: deleted run ${record.id}.`);
        await this.refresh();
        return;
      case 'running':
        void this.deps.notifier.warn(refusedWhileRunning(record));
        return;
      case 'declined':
        return;
      default:
        assertNever(outcome);
    }
  }

  /** The source in the Explorer when a workspace folder holds it, else opened; a note when it is gone. */
  private async revealSource(record: GenerationRecord): Promise<void> {
    const uri = vscode.Uri.parse(record.source.uri);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void this.deps.notifier.warn(vscode.l10n.t('{0} is no longer where it was: it was moved or deleted.', record.source.name));
      return;
    }
    if (vscode.workspace.getWorkspaceFolder(uri)) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
    } else {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
