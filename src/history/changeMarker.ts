/**
 * How windows tell each other the history changed: one small marker file under global storage.
 * A window that changes something (a run starts or changes phase, a favourite, a delete) writes
 * its own stamp there; every window with the history showing reads the file once a second and
 * refreshes when it holds a stamp it did not write and has not seen. Cheap (a read of a few
 * bytes), and it works wherever global storage lives, where file watching may not.
 */

export interface MarkerFile {
  /** The marker's text; undefined when there is none yet. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export interface ChangeMarkerDeps {
  file: MarkerFile;
  /** This window's stamp prefix: unique per extension host. */
  windowId: string;
  setInterval(callback: () => void, ms: number): { dispose(): void };
  log(message: string): void;
}

/** How often a showing history looks at the marker: within two seconds of a change elsewhere. */
export const MARKER_POLL_MS = 1_000;

export class ChangeMarker {
  private counter = 0;
  /** The last stamp this window read or wrote. */
  private seen: string | undefined;
  private missed = false;
  private polling: { dispose(): void } | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ChangeMarkerDeps) {}

  /** Tells the other windows: write a new stamp (writes of one window go one after another). */
  touch(): Promise<void> {
    this.writing = this.writing.then(() => this.write()).catch((error: unknown) => {
      this.deps.log(`History: could not write the change marker: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.writing;
  }

  private async write(): Promise<void> {
    // Another window's stamp not yet seen is about to be overwritten: remember it was there.
    const before = await this.deps.file.read();
    if (before !== undefined && before !== this.seen && !this.isOwn(before)) {
      this.missed = true;
    }
    const stamp = `${this.deps.windowId} ${++this.counter}`;
    await this.deps.file.write(stamp);
    this.seen = stamp;
    if (this.missed) {
      this.missed = false;
      this.fire();
    }
  }

  /** Reads the marker once; true (and listeners told) when another window changed something. */
  async check(): Promise<boolean> {
    let text: string | undefined;
    try {
      text = await this.deps.file.read();
    } catch {
      return false;
    }
    if (text === undefined || text === this.seen) {
      return false;
    }
    this.seen = text;
    if (this.isOwn(text)) {
      return false;
    }
    this.fire();
    return true;
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

  private isOwn(text: string): boolean {
    return text.startsWith(`${this.deps.windowId} `);
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
