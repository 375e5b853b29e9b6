import type { HostMessage } from './shared/protocol';

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

/**
 * Where the product reports what tests and the benchmark look at: the messages posted to each
 * gallery, the notifications shown, and when result images were on screen. Only test mode
 * (the integration suites and the benchmark run there) gets a probe that keeps anything; the
 * product's is `silentProbe`, so it holds no copies and its webviews send no timing reports.
 */
export interface Probe {
  /** Whether galleries ask their webview to post `painted` when result images have decoded. */
  readonly wantsPaintReports: boolean;
  posted(generationId: string, message: HostMessage): void;
  notified(notification: ShownNotification): void;
  painted(generationId: string, resultIds: readonly string[], at: number): void;
}

export const silentProbe: Probe = Object.freeze({
  wantsPaintReports: false,
  posted: () => undefined,
  notified: () => undefined,
  painted: () => undefined,
});

/** The probe of test mode: keeps every report for the tests and the benchmark to read. */
export class RecordingProbe implements Probe {
  readonly wantsPaintReports = true;
  /** In the order shown; tests may empty it between cases. */
  readonly notifications: ShownNotification[] = [];
  private readonly postedByGeneration = new Map<string, HostMessage[]>();
  private readonly paintedListeners = new Set<PaintedListener>();

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
