/**
 * Gallery panels opened ahead of their run, one per source. In the web workbench a new webview
 * waits about a second before its page can load (each one replaces the service worker of the
 * one before; see CONTRIBUTING.md, Performance): a panel opened while the user still chooses the
 * settings pays that wait then, and the run's gallery takes it over when the run starts. A panel
 * nobody takes (Escape, a refused file, no key) is closed by its reservation's release.
 * Plain: the caller opens the panel.
 */

/** The part of a webview panel reservations use. */
export interface ReservablePanel {
  dispose(): void;
  onDidDispose(listener: () => void): { dispose(): void };
}

/** Held by whoever asked; release() after the run started (or did not) closes an untaken panel. */
export interface GalleryReservation {
  release(): void;
}

interface Held<P> {
  panel: P;
  closedByUser: { dispose(): void };
}

export class GalleryReservations<P extends ReservablePanel> {
  /** source URI → the panel waiting for that source's run */
  private readonly held = new Map<string, Held<P>>();

  /**
   * Opens a panel for `sourceUri` unless one is waiting already (then that one serves both
   * asks, and the first release closes it if still untaken: a second gallery just opens as usual).
   */
  reserve(sourceUri: string, open: () => P): GalleryReservation {
    let entry = this.held.get(sourceUri);
    if (!entry) {
      const panel = open();
      const created: Held<P> = {
        panel,
        // The user closed it while choosing: the run opens its gallery the usual way.
        closedByUser: panel.onDidDispose(() => this.forget(sourceUri, created)),
      };
      entry = created;
      this.held.set(sourceUri, entry);
    }
    const mine = entry;
    return {
      release: () => {
        if (this.forget(sourceUri, mine)) {
          mine.panel.dispose();
        }
      },
    };
  }

  /** The waiting panel of this source, now the caller's; afterwards release() leaves it alone. */
  take(sourceUri: string): P | undefined {
    const entry = this.held.get(sourceUri);
    if (!entry) {
      return undefined;
    }
    this.forget(sourceUri, entry);
    return entry.panel;
  }

  get size(): number {
    return this.held.size;
  }

  /** Closes every panel still waiting (the extension is going away). */
  dispose(): void {
    for (const [sourceUri, entry] of [...this.held]) {
      this.forget(sourceUri, entry);
      entry.panel.dispose();
    }
  }

  /** Whether `entry` was still held (and is no longer). */
  private forget(sourceUri: string, entry: Held<P>): boolean {
    if (this.held.get(sourceUri) !== entry) {
      return false;
    }
    this.held.delete(sourceUri);
    entry.closedByUser.dispose();
    return true;
  }
}
