/**
 * How windows tell each other the history changed: a folder of small marker files under global
 * storage, one per window. A window that changes something (a run starts or changes phase, a
 * favourite, a delete) writes a new stamp into its own file; every window with the history showing
 * lists the folder once a second and refreshes when another window's stamp is one it has not seen.
 * No window ever writes another's file, so two windows changing things at the same moment cannot
 * overwrite each other's news (with one shared file, a read-then-write could lose a stamp). Cheap
 * (a listing and a few bytes each), and it works wherever global storage lives, where file
 * watching may not.
 */

export interface MarkerEntry {
  /** The writing window's id. */
  window: string;
  /**
   * Its latest stamp: a counter and when it was written (epoch ms), so a look needs no stat to
   * tell a window silent for a day, whose file is removed.
   */
  stamp: string;
}

export interface MarkerFolder {
  /** Every window's marker; empty when there is no folder yet. */
  readAll(): Promise<MarkerEntry[]>;
  write(window: string, stamp: string): Promise<void>;
  remove(window: string): Promise<void>;
}

export interface ChangeMarkerDeps {
  folder: MarkerFolder;
  /** This window's id: unique per extension host, and a safe file name. */
  windowId: string;
  setInterval(callback: () => void, ms: number): { dispose(): void };
  now(): number;
  log(message: string): void;
}

/** How often a showing history looks at the markers: within two seconds of a change elsewhere. */
export const MARKER_POLL_MS = 1_000;
/** A window silent this long is gone (each reload is a new window): its marker file is removed. */
export const MARKER_FORGET_MS = 24 * 60 * 60 * 1000;

export class ChangeMarker {
  private counter = 0;
  /** The last stamp seen of each other window. */
  private readonly seen = new Map<string, string>();
  private polling: { dispose(): void } | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ChangeMarkerDeps) {}

  /** Tells the other windows: write a new stamp (writes of one window go one after another). */
  touch(): Promise<void> {
    this.writing = this.writing
      .then(() => this.deps.folder.write(this.deps.windowId, `${++this.counter} ${this.deps.now()}`))
      .catch((error: unknown) => {
        this.deps.log(`History: could not write the change marker: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.writing;
  }

  /** Reads the markers once; true (and listeners told) when another window changed something. */
  async check(): Promise<boolean> {
    let entries: MarkerEntry[];
    try {
      entries = await this.deps.folder.readAll();
    } catch {
      return false;
    }
    let changed = false;
    for (const entry of entries) {
      if (entry.window === this.deps.windowId) {
        continue;
      }
      if (this.deps.now() - writtenAt(entry.stamp) > MARKER_FORGET_MS) {
        this.seen.delete(entry.window);
        void this.deps.folder.remove(entry.window).catch(() => undefined);
        continue;
      }
      if (this.seen.get(entry.window) !== entry.stamp) {
        this.seen.set(entry.window, entry.stamp);
        changed = true;
      }
    }
    if (changed) {
      this.fire();
    }
    return changed;
  }

  /** Looks once a second while something (the showing view) wants to know; idempotent. */
  setWatching(watching: boolean): void {
    if (watching && !this.polling) {
      this.polling = this.deps.setInterval(() => void this.check(), MARKER_POLL_MS);
    } else if (!watching && this.polling) {
      this.polling.dispose();
      this.polling = undefined;
    }
  }

  get watching(): boolean {
    return this.polling !== undefined;
  }

  onDidChangeElsewhere(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }

  dispose(): void {
    this.setWatching(false);
    this.listeners.clear();
  }
}

/** When a stamp was written; a stamp without a time (unreadable) counts as written now. */
function writtenAt(stamp: string): number {
  const at = Number(stamp.split(' ')[1]);
  return Number.isFinite(at) ? at : Number.POSITIVE_INFINITY;
}
