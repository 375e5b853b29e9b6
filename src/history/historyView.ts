import * as vscode from 'vscode';
import { RunOffers } from '../gallery/runOffers';
import type { GenerationRecord, StoredResult } from '../runs/record';
import { actionLabel, paidActionTitle } from '../runs/runActions';
import { ancestryOf } from '../runs/lineage';
import { lineageView } from '../runs/lineageView';
import { historyVaryKey, VaryOffers } from '../commands/varyOffers';
import {
  parseHistoryWebviewMessage,
  type HistoryRunOffer,
  type HistoryRunView,
  type HistoryView,
} from '../shared/historyProtocol';
import type { Probe } from '../probe';
import { listRecords, storageNoteOf, type RecordSource } from './listing';
import type { ChangeMarker } from './changeMarker';
import { HistoryFeed, rowsOnDemand, type ListedRuns } from './historyFeed';
import { performHistoryIntent, type HistoryIntentDeps } from './historyIntents';
import { showHistoryPage } from './historyPage';
import type { LiveRuns } from './liveRuns';
import { OverdueRows } from './overdueRows';
import { toHistoryRunView, type RowContext } from './rows';
import { historyStrings } from './strings';
import { parentOf } from './workspaceScope';

export interface HistoryViewDeps extends Omit<HistoryIntentDeps, 'redeemRunAgain' | 'changed' | 'varyWithToken'> {
  extensionUri: vscode.Uri;
  /** `<globalStorage>/generations`: the only data the view may load. */
  generationsUri: vscode.Uri;
  records: RecordSource;
  live: LiveRuns;
  /** Tells other windows of changes made here, and this one of theirs. */
  marker: ChangeMarker;
  /** The open workspace folders as URI strings. */
  workspaceFolders(): string[];
  log: vscode.LogOutputChannel;
  now(): number;
  /** Vary a stored result (src/commands/vary.ts); reached only with the token of its offer. */
  vary?(record: GenerationRecord, result: StoredResult): Promise<void>;
  /** How long runs like this usually take (src/runs/estimates.ts), for the running row. */
  typicalSeconds?(record: GenerationRecord): number | undefined;
  /** Test mode's probe: the webview then reports its first screen painted. */
  probe?: Probe;
}

/**
 * The *Variations* view: lists the stored runs and routes the webview's intents. It validates
 * every message before acting; the list and its words are made in plain modules.
 */
export class HistoryViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** What the page hears, and when (the first screen first). */
  private readonly feed = new HistoryFeed();
  private records = new Map<string, GenerationRecord>();
  /** Run Again as each row offered it: one token per run, good for one run. */
  private readonly offers = new Map<string, RunOffers>();
  private readonly disposables: vscode.Disposable[] = [];
  /** How many changes of other windows this view noticed (integration tests read it). */
  changesSeenElsewhere = 0;
  /** Vary offers of the results the view lists (keys: run and result ids). */
  private readonly varyOffers = new VaryOffers();
  private readonly overdueRows: OverdueRows;
  /**
   * The list read while a new page loads, sent when it says `ready` (the read no longer waits for
   * the page). Dropped at any change meanwhile: the page then gets a list read after it.
   */
  private listWhilePageLoads: Promise<ListedRuns | undefined> | undefined;

  constructor(private readonly deps: HistoryViewDeps) {
    this.overdueRows = new OverdueRows({
      typicalSeconds: (record) => deps.typicalSeconds?.(record),
      now: () => deps.now(),
      overdue: (id) => {
        const live = deps.live.get(id);
        if (live) {
          this.feed.postWhenListening(() => ({ type: 'run', run: this.row(live.record) }));
        }
      },
    });
    this.disposables.push(
      deps.live.onDidChange((record) => this.runChanged(record)),
      deps.marker.onDidChangeElsewhere(() => {
        this.changesSeenElsewhere++;
        void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const webview = view.webview;
    this.feed.attach((message) => void webview.postMessage(message));
    showHistoryPage(webview, this.deps.extensionUri, this.deps.generationsUri);
    this.listWhilePageLoads = this.readList().catch(() => undefined);
    // Other windows' runs, deletions and favourites show within two seconds while the view is
    // visible: the marker looks once a second, also right after the view is shown again. The
    // page is kept while hidden (retainContextWhenHidden) and this window's changes still reach
    // it, so showing it again sends no list: only `shown`, for test mode's paint report. A page
    // that was dropped anyway loads anew and says `ready`.
    this.deps.marker.setWatching(view.visible);
    const subscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
      view.onDidChangeVisibility(() => {
        this.deps.marker.setWatching(view.visible);
        if (view.visible) {
          this.feed.shownAgain();
        }
      }),
    ];
    view.onDidDispose(() => {
      subscriptions.forEach((s) => {
        s.dispose();
      });
      if (this.view === view) {
        this.deps.marker.setWatching(false);
        this.view = undefined;
        this.feed.detach();
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

  /** Re-reads every record and sends the whole list (when the webview listens). */
  async refresh(): Promise<void> {
    if (this.view && !this.feed.listening) {
      // The page is still loading: this read is the list it gets at `ready`, not a second one.
      this.listWhilePageLoads = this.readList().catch(() => undefined);
      await this.listWhilePageLoads;
      return;
    }
    this.listWhilePageLoads = undefined;
    const view = await this.readView();
    this.feed.postWhenListening(() => ({ type: 'runs', view }));
  }

  private async readView(): Promise<HistoryView> {
    const list = await this.readList();
    return list.view(list.count);
  }

  /** Reads the records; their rows are made when asked for, so the first screen's go out before the rest are made. */
  private async readList(): Promise<ListedRuns> {
    const records = await listRecords(this.deps.records);
    await this.deps.live.learnElsewhere(records, this.deps.isRunningAnywhere);
    this.records = new Map(records.map((record) => [record.id, record]));
    for (const id of [...this.offers.keys()]) {
      if (!this.records.has(id)) {
        this.offers.delete(id);
      }
    }
    const context = this.rowContext();
    const storageNote = storageNoteOf(this.deps.records);
    const webview = this.view?.webview;
    // One URI for the folder; rows name their files (a URI per image made the list megabytes).
    const filesBase = webview ? webview.asWebviewUri(this.deps.generationsUri).toString() : '';
    return rowsOnDemand(records, (record) => this.row(record, context), {
      filesBase,
      workspaceOpen: context.workspaceFolders!.length > 0,
      ...(storageNote ? { storageNote } : {}),
    });
  }

  private row(record: GenerationRecord, context = this.rowContext()): HistoryRunView {
    // A live record is fresher than the stored one (progress is not written to disk).
    const live = this.deps.live.get(record.id);
    return toHistoryRunView(live?.record ?? record, live?.progress, context);
  }

  private rowContext(): RowContext {
    const language = vscode.env.language;
    return {
      formatWhen: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
      },
      byId: (id) => this.records.get(id),
      workspaceFolders: this.deps.workspaceFolders(),
      ignoreCase: process.platform === 'win32' || process.platform === 'darwin',
      now: this.deps.now(),
      runningElsewhere: (id) => this.deps.live.isRunningElsewhere(id),
      runAgain: (record) => this.runAgainOffer(record),
      // Ancestors are listed too, so the breadcrumb walks the records in hand.
      lineage: (record) => {
        const ancestry = ancestryOf(record, (id) => this.records.get(id));
        return ancestry && lineageView(ancestry);
      },
      typicalSeconds: (record) => this.deps.typicalSeconds?.(record),
      ...(this.deps.vary ? { offerVary: (id: string, resultId: string) => this.varyOffers.offer(historyVaryKey(id, resultId)) } : {}),
    };
  }

  private runAgainOffer(record: GenerationRecord): HistoryRunOffer {
    let offers = this.offers.get(record.id);
    if (!offers) {
      offers = new RunOffers();
      this.offers.set(record.id, offers);
    }
    const token = offers.present(['runAgain']).get('runAgain')!;
    return { token, label: actionLabel('runAgain'), title: paidActionTitle('runAgain', record) };
  }

  private runChanged(record: GenerationRecord): void {
    this.listWhilePageLoads = undefined;
    const isNew = !this.records.has(record.id);
    this.records.set(record.id, record);
    this.feed.postWhenListening(() => ({ type: 'run', run: this.row(record) }));
    this.overdueRows.watch(record);
    if (isNew && parentOf(record) !== undefined) {
      // A child's row knows its root only once the list holds it: read the list again.
      void this.refresh();
    }
  }

  /** Every message of the webview arrives here (tests send forged ones); nothing unchecked is acted on. */
  async handleMessage(raw: unknown): Promise<void> {
    const message = parseHistoryWebviewMessage(raw);
    if (!message) {
      this.deps.log.warn('History: refused a message that is not part of the protocol.');
      return;
    }
    try {
      if (message.type === 'ready') {
        this.feed.pageReady();
        const readEarly = this.listWhilePageLoads;
        this.listWhilePageLoads = undefined;
        const list = (await readEarly) ?? (await this.readList());
        this.feed.sendFirstList(list, historyStrings(), this.deps.probe?.wantsPaintReports === true);
        return;
      }
      if (message.type === 'painted') {
        const { type: _type, ...report } = message;
        this.deps.probe?.historyPainted(report);
        return;
      }
      const record = this.records.get(message.generationId);
      if (!record) {
        this.deps.log.warn(`History: refused ${message.type} for a run that is not listed.`);
        return;
      }
      await performHistoryIntent(message, record, {
        ...this.deps,
        redeemRunAgain: (id, token) => this.redeemRunAgain(id, token),
        varyWithToken: (varied, resultId, token) => this.vary(varied, resultId, token),
        changed: (updated) => this.changedHere(updated),
      });
    } catch (error) {
      this.deps.log.error(`History: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private redeemRunAgain(generationId: string, token: string): boolean {
    const redeemed = this.offers.get(generationId)?.redeem('runAgain', token).ok ?? false;
    if (redeemed) {
      // The row gets a new offer in place of the used one.
      const record = this.records.get(generationId);
      if (record) {
        this.feed.postWhenListening(() => ({ type: 'run', run: this.row(record) }));
      }
    }
    return redeemed;
  }

  /** Vary goes ahead only with the open offer's token, which it uses up; the row then brings a new one. */
  private async vary(record: GenerationRecord, resultId: string, token: string): Promise<void> {
    const result = record.results.find((r) => r.id === resultId && r.status === 'ready' && r.file);
    const redemption = this.varyOffers.redeem(historyVaryKey(record.id, resultId), token);
    if (!result || !redemption.ok || !this.deps.vary) {
      this.deps.log.warn(`History: refused vary of ${record.id}: ${!result ? 'the result is not ready' : 'it was not offered, or its token was used already'}.`);
      return;
    }
    this.feed.post({ type: 'run', run: this.row(record) });
    await this.deps.vary(record, result);
  }

  /** A change made here: tell the other windows, and show it. */
  private async changedHere(updated?: GenerationRecord): Promise<void> {
    await this.deps.marker.touch();
    if (updated) {
      this.runChanged(updated);
    } else {
      await this.refresh();
    }
  }

  dispose(): void {
    this.overdueRows.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
