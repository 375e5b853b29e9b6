import { errorMessage } from '../shared/errorMessage';
import type { UploadPayload } from '../shared/imageFormat';

/** What early uploads need of the client, the upload cache and the clock of the extension. */
export interface EarlyUploadDeps {
  upload(payload: UploadPayload, signal: AbortSignal): Promise<{ path: string }>;
  /** The account tag of the key the upload carries (src/accountTag.ts); undefined without a key. */
  account(): Promise<string | undefined>;
  lookup(apiOrigin: string, account: string, hash: string): string | undefined;
  remember(apiOrigin: string, account: string, hash: string, path: string): Promise<void>;
  hash(bytes: Uint8Array): string;
  log(message: string): void;
}

/** Lets the command stop an early upload when the user backs out of the quick picks. */
export interface EarlyUpload {
  cancel(): void;
}

interface InFlight {
  /** The asset path and whose it is, or undefined when the upload failed or was cancelled. */
  done: Promise<{ account: string; path: string } | undefined>;
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
    let entry = this.inFlight.get(keyOf(apiOrigin, hash));
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

  /**
   * The upload of these bytes still under way, if any: a run awaits it instead of sending again.
   * It gives the path only to a run with the same account: another key must upload its own.
   */
  pending(apiOrigin: string, account: string, hash: string): Promise<string | undefined> | undefined {
    return this.inFlight.get(keyOf(apiOrigin, hash))?.done.then((done) => (done?.account === account ? done.path : undefined));
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
    const done = this.uploadFor(apiOrigin, hash, payload, controller.signal).catch((error: unknown) => {
      const reason = controller.signal.aborted ? 'stopped' : `failed (${errorMessage(error)})`;
      this.deps.log(`Early upload of ${payload.fileName} ${reason}; a run uploads it when it starts.`);
      return undefined;
    });
    const entry: InFlight = { done, controller, wanted: 0 };
    this.inFlight.set(key, entry);
    void done.finally(() => {
      if (this.inFlight.get(key) === entry) {
        this.inFlight.delete(key);
      }
    });
    return entry;
  }

  /** Undefined when these bytes need no early upload: no key at hand, or cancelled meanwhile. */
  private async uploadFor(
    apiOrigin: string,
    hash: string,
    payload: UploadPayload,
    signal: AbortSignal,
  ): Promise<{ account: string; path: string } | undefined> {
    const account = await this.deps.account();
    if (account === undefined || signal.aborted) {
      return undefined;
    }
    const known = this.deps.lookup(apiOrigin, account, hash);
    if (known !== undefined) {
      return { account, path: known };
    }
    const started = Date.now();
    const { path } = await this.deps.upload(payload, signal);
    this.deps.log(`Early upload of ${payload.fileName} done in ${Date.now() - started} ms.`);
    // The key changed while the bytes went up: which account has them is not known for sure.
    if ((await this.deps.account()) !== account) {
      return undefined;
    }
    await this.deps.remember(apiOrigin, account, hash, path).catch(() => undefined);
    return { account, path };
  }
}

function keyOf(apiOrigin: string, hash: string): string {
  return `${apiOrigin}#${hash}`;
}
