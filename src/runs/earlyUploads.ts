import { errorMessage } from '../shared/errorMessage';
import type { UploadPayload } from '../shared/imageFormat';

/** What early uploads need of the client, the upload cache and the clock of the extension. */
export interface EarlyUploadDeps {
  upload(payload: UploadPayload, signal: AbortSignal): Promise<{ path: string }>;
  lookup(apiOrigin: string, hash: string): string | undefined;
  remember(apiOrigin: string, hash: string, path: string): Promise<void>;
  hash(bytes: Uint8Array): string;
  log(message: string): void;
}

/** Lets the command stop an early upload when the user backs out of the quick picks. */
export interface EarlyUpload {
  cancel(): void;
}

interface InFlight {
  /** Resolves to the asset path, or undefined when the upload failed or was cancelled. */
  done: Promise<string | undefined>;
  controller: AbortController;
  /** How many commands still want it; the upload is stopped when none does. */
  wanted: number;
}

/**
 * `fluxRedux.uploadEarly`: the source goes up while the user is still answering the quick picks,
 * so a confirmed run starts with the paid call. A run that finds its bytes in flight waits for
 * that upload instead of sending them again; if it failed, the run uploads as usual and reports
 * the error then.
 */
export class EarlyUploads {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(private readonly deps: EarlyUploadDeps) {}

  start(apiOrigin: string, payload: UploadPayload): EarlyUpload {
    const hash = this.deps.hash(payload.bytes);
    const key = keyOf(apiOrigin, hash);
    if (this.deps.lookup(apiOrigin, hash)) {
      return { cancel: () => undefined };
    }
    let entry = this.inFlight.get(key);
    if (!entry) {
      entry = this.send(apiOrigin, hash, payload);
    }
    entry.wanted++;
    const wanted = entry;
    let cancelled = false;
    return {
      cancel: () => {
        if (cancelled) {
          return;
        }
        cancelled = true;
        if (--wanted.wanted === 0) {
          wanted.controller.abort();
        }
      },
    };
  }

  /** The upload of these bytes still under way, if any: a run awaits it instead of sending again. */
  pending(apiOrigin: string, hash: string): Promise<string | undefined> | undefined {
    return this.inFlight.get(keyOf(apiOrigin, hash))?.done;
  }

  /** Stops every early upload (the extension is shutting down). */
  dispose(): void {
    for (const entry of this.inFlight.values()) {
      entry.controller.abort();
    }
  }

  private send(apiOrigin: string, hash: string, payload: UploadPayload): InFlight {
    const key = keyOf(apiOrigin, hash);
    const controller = new AbortController();
    const started = Date.now();
    const done = this.deps.upload(payload, controller.signal).then(
      async ({ path }) => {
        this.deps.log(`Early upload of ${payload.fileName} done in ${Date.now() - started} ms.`);
        await this.deps.remember(apiOrigin, hash, path).catch(() => undefined);
        return path;
      },
      (error: unknown) => {
        const reason = controller.signal.aborted ? 'stopped' : `failed (${errorMessage(error)})`;
        this.deps.log(`Early upload of ${payload.fileName} ${reason}; a run uploads it when it starts.`);
        return undefined;
      },
    );
    const entry: InFlight = { done, controller, wanted: 0 };
    this.inFlight.set(key, entry);
    void done.finally(() => {
      if (this.inFlight.get(key) === entry) {
        this.inFlight.delete(key);
      }
    });
    return entry;
  }
}

function keyOf(apiOrigin: string, hash: string): string {
  return `${apiOrigin}#${hash}`;
}
