import { createHash } from 'crypto';

/** The part of vscode.Memento this needs (globalState in the extension). */
export interface CacheStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface Entry {
  path: string;
  at: number;
  /** The account tag of the key that uploaded it (src/accountTag.ts): never the key or its hash. */
  account: string;
}

const STORE_KEY = 'fluxRedux.uploadCache';
const MAX_ENTRIES = 200;
export const DEFAULT_UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Which bytes this API host already has, by content hash: a repeat run on the same image reuses
 * the asset path instead of uploading again. An entry belongs to the account that uploaded it, so
 * another key never gets its paths. Entries expire, and the run forgets one the server no longer
 * knows or refuses. Entries from before accounts were tagged are dropped.
 */
export class UploadCache {
  constructor(
    private readonly store: CacheStore,
    private readonly now: () => number,
    private readonly maxAgeMs = DEFAULT_UPLOAD_MAX_AGE_MS,
  ) {}

  lookup(apiOrigin: string, account: string, hash: string): string | undefined {
    const entry = this.entries()[key(apiOrigin, account, hash)];
    if (!entry || entry.account !== account || this.now() - entry.at > this.maxAgeMs || this.now() < entry.at) {
      return undefined;
    }
    return entry.path;
  }

  async remember(apiOrigin: string, account: string, hash: string, path: string): Promise<void> {
    const entries = this.fresh();
    entries[key(apiOrigin, account, hash)] = { path, at: this.now(), account };
    const newest = Object.entries(entries)
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, MAX_ENTRIES);
    await this.store.update(STORE_KEY, Object.fromEntries(newest));
  }

  async forget(apiOrigin: string, account: string, hash: string): Promise<void> {
    const entries = this.fresh();
    delete entries[key(apiOrigin, account, hash)];
    await this.store.update(STORE_KEY, entries);
  }

  private entries(): Record<string, Entry> {
    const raw = this.store.get<unknown>(STORE_KEY);
    if (typeof raw !== 'object' || raw === null) {
      return {};
    }
    const valid: Record<string, Entry> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const entry = v as Partial<Entry>;
      if (typeof entry?.path === 'string' && typeof entry.at === 'number' && typeof entry.account === 'string') {
        valid[k] = { path: entry.path, at: entry.at, account: entry.account };
      }
    }
    return valid;
  }

  private fresh(): Record<string, Entry> {
    const now = this.now();
    return Object.fromEntries(Object.entries(this.entries()).filter(([, e]) => now - e.at <= this.maxAgeMs));
  }
}

function key(apiOrigin: string, account: string, hash: string): string {
  return `${apiOrigin}#${account}#${hash}`;
}
