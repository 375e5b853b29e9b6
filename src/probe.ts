import type { StoreFileSystem } from './runs/store';
import type { HistoryPaintSource } from './shared/historyProtocol';
import type { FirstPaintSource, HostMessage } from './shared/protocol';
import { StoreFaults } from './storeFaults';

export type NotificationLevel = 'info' | 'warning' | 'error';

/** A notification as the user read it. */
export interface ShownNotification {
  level: NotificationLevel;
  message: string;
  actions: string[];
  /** Set when it was a modal dialog, with the text under its message. */
  modal?: { detail: string };
}

export type PaintedListener = (generationId: string, resultIds: readonly string[], at: number) => void;

/** Host-side steps of opening a gallery, in order (epoch ms when each happened). */
export type GalleryMark = 'panelCreated' | 'htmlSet' | 'readyReceived' | 'initPosted';

/** What the webview said about its first paint, as the webview message carries it. */
export interface WebviewFirstPaint {
  from: FirstPaintSource;
  at: number;
  scriptAt: number;
  documentAt: number;
  thumbnailAt?: number;
}

/** A gallery's first paint with the host's own steps, for the benchmark's breakdown. */
export interface FirstPaintReport extends WebviewFirstPaint {
  generationId: string;
  marks: Partial<Record<GalleryMark, number>>;
  /** The first gallery this window opened: the workbench sets up its webview machinery then. */
  firstInWindow: boolean;
}

export type FirstPaintListener = (report: FirstPaintReport) => void;

/** The history view's first screen on screen (its thumbnails decoded), as the webview reported it. */
export interface HistoryPaintReport {
  from: HistoryPaintSource;
  at: number;
  thumbnails: number;
  /** When the webview's page began loading, and when it had the list (state or host message). */
  documentAt: number;
  dataAt: number;
}

export type HistoryPaintListener = (report: HistoryPaintReport) => void;

/**
 * Where the product reports what tests and the benchmark look at: the messages posted to each
 * gallery, the notifications shown, and when result images were on screen. Only test mode
 * (the integration suites and the benchmark run there) gets a probe that keeps anything; the
 * product's is `silentProbe`, so it holds no copies and its webviews send no timing reports.
 * It is also test mode's one way to make global storage misbehave (a full disk): the product's
 * store gets its file system unchanged.
 */
export interface Probe {
  /** Whether galleries ask their webview to post `firstPaint`, and `painted` when result images have decoded. */
  readonly wantsPaintReports: boolean;
  posted(generationId: string, message: HostMessage): void;
  notified(notification: ShownNotification): void;
  painted(generationId: string, resultIds: readonly string[], at: number): void;
  /** A step of opening a gallery happened at `at`. */
  galleryMark(generationId: string, mark: GalleryMark, at: number): void;
  /** The webview's first paint, reported only when paint reports were asked for. */
  firstPaint(generationId: string, paint: WebviewFirstPaint): void;
  /** Global storage's file system as the store gets it: as it is, or in test mode with faults a test can switch on. */
  storeFileSystem(fs: StoreFileSystem): StoreFileSystem;
  /** The history view's first screen was painted (reported only when paint reports were asked for). */
  historyPainted(report: HistoryPaintReport): void;
}

export const silentProbe: Probe = Object.freeze({
  wantsPaintReports: false,
  posted: () => undefined,
  notified: () => undefined,
  painted: () => undefined,
  galleryMark: () => undefined,
  firstPaint: () => undefined,
  storeFileSystem: (fs: StoreFileSystem) => fs,
  historyPainted: () => undefined,
});

/** The probe of test mode: keeps every report for the tests and the benchmark to read. */
export class RecordingProbe implements Probe {
  readonly wantsPaintReports = true;
  /** In the order shown; tests may empty it between cases. */
  readonly notifications: ShownNotification[] = [];
  private readonly postedByGeneration = new Map<string, HostMessage[]>();
  private readonly paintedListeners = new Set<PaintedListener>();
  private readonly marksByGeneration = new Map<string, Partial<Record<GalleryMark, number>>>();
  private readonly firstPaintListeners = new Set<FirstPaintListener>();
  private panelsCreated = 0;
  private readonly panelOrdinal = new Map<string, number>();
  private readonly firstPaintSeen = new Set<string>();
  /** A full disk under global storage, off until a test switches it on. */
  readonly storeFaults = new StoreFaults();

  storeFileSystem(fs: StoreFileSystem): StoreFileSystem {
    return this.storeFaults.wrap(fs);
  }
  private readonly historyPaintListeners = new Set<HistoryPaintListener>();

  posted(generationId: string, message: HostMessage): void {
    const messages = this.postedByGeneration.get(generationId) ?? [];
    messages.push(message);
    this.postedByGeneration.set(generationId, messages);
  }

  notified(notification: ShownNotification): void {
    this.notifications.push(notification);
  }

  painted(generationId: string, resultIds: readonly string[], at: number): void {
    for (const listener of this.paintedListeners) {
      listener(generationId, resultIds, at);
    }
  }

  galleryMark(generationId: string, mark: GalleryMark, at: number): void {
    if (mark === 'panelCreated') {
      // A new panel (one reopened later included) starts its own account.
      this.panelsCreated++;
      this.marksByGeneration.set(generationId, { panelCreated: at });
      this.panelOrdinal.set(generationId, this.panelsCreated);
      this.firstPaintSeen.delete(generationId);
      return;
    }
    const marks = this.marksByGeneration.get(generationId) ?? {};
    // The first time counts: a webview shown again re-sends `ready`, but nobody waited for that.
    marks[mark] ??= at;
    this.marksByGeneration.set(generationId, marks);
  }

  firstPaint(generationId: string, paint: WebviewFirstPaint): void {
    const report: FirstPaintReport = {
      ...paint,
      generationId,
      marks: { ...this.marksByGeneration.get(generationId) },
      firstInWindow: this.panelOrdinal.get(generationId) === 1 && !this.firstPaintSeen.has(generationId),
    };
    this.firstPaintSeen.add(generationId);
    for (const listener of this.firstPaintListeners) {
      listener(report);
    }
  }

  historyPainted(report: HistoryPaintReport): void {
    for (const listener of this.historyPaintListeners) {
      listener(report);
    }
  }

  /** The benchmark's time to the history's first screen comes from here. */
  onHistoryPainted(listener: HistoryPaintListener): { dispose(): void } {
    this.historyPaintListeners.add(listener);
    return { dispose: () => this.historyPaintListeners.delete(listener) };
  }

  /** The host-side steps of a generation's gallery so far. */
  galleryMarks(generationId: string): Partial<Record<GalleryMark, number>> {
    return { ...this.marksByGeneration.get(generationId) };
  }

  /** The benchmark's time to first paint comes from here. */
  onFirstPaint(listener: FirstPaintListener): { dispose(): void } {
    this.firstPaintListeners.add(listener);
    return { dispose: () => this.firstPaintListeners.delete(listener) };
  }

  /** Every message posted to the galleries of one generation, so tests can check what reached the webview. */
  postedTo(generationId: string): readonly HostMessage[] {
    return this.postedByGeneration.get(generationId) ?? [];
  }

  /** The benchmark's "results painted" time comes from here. */
  onPainted(listener: PaintedListener): { dispose(): void } {
    this.paintedListeners.add(listener);
    return { dispose: () => this.paintedListeners.delete(listener) };
  }
}
