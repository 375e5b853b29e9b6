/**
 * The history index: one file (`<globalStorage>/history-index.json`) holding a copy of every
 * record with the stamp of the record.json it was read from. An open of the history reads the
 * index (only when another window rewrote it since), lists `generations/`, takes each record's
 * stamp, and reads only the records that are missing from the index or changed since. The
 * listing is the truth: a stale or lost index costs record reads, never a run. The index is
 * rewritten (atomically, under the store's lock) only when something changed.
 */
import type { GenerationRecord } from '../runs/record';
import { isRecord } from '../shared/guards';
import { tryParseJson } from '../shared/json';
import { sameStamp, type FileStamp, type IndexFileSystem } from './indexFs';

export interface IndexEntry {
  stamp: FileStamp;
  record: GenerationRecord;
  /** Bytes of its folder, measured for the storage cap; unknown until then and after a change. */
  bytes?: number;
}

interface IndexFileContents {
  version: typeof INDEX_VERSION;
  entries: IndexEntry[];
}

const INDEX_VERSION = 1;
/** Stats and record reads at once: enough to overlap them, few enough to keep the host responsive. */
const PARALLEL = 32;

/** The store's lock (src/runs/storeLock.ts), shared by every window on this global storage. */
export interface IndexLock {
  withLock<T>(work: () => Promise<T>): Promise<T>;
}

export interface HistoryIndexDeps {
  fs: IndexFileSystem;
  /** The store's reader (GenerationStore.load): version-1 and version-2 records alike. */
  load(generationId: string): Promise<GenerationRecord | undefined>;
  lock: IndexLock;
  log(message: string): void;
}

/** What one refresh did, for the log and the benchmark. */
export interface RefreshReport {
  runs: number;
  recordsRead: number;
  indexRead: boolean;
  ms: number;
}

export class HistoryIndex {
  private entries = new Map<string, IndexEntry>();
  /** Stamp of the index file as this window last read or wrote it. */
  private knownIndexStamp: FileStamp | undefined;
  private refreshing: Promise<unknown> = Promise.resolve();
  private writing: Promise<void> = Promise.resolve();
  private lastReport: RefreshReport | undefined;

  constructor(private readonly deps: HistoryIndexDeps) {}

  /** Every stored run whose record can be read, brought up to date with the disk. Unordered. */
  async readAll(): Promise<GenerationRecord[]> {
    const entries = await this.refresh();
    return entries.map((entry) => entry.record);
  }

  /** The same, with the bytes the storage cap counts (measured for entries that lack them). */
  async entriesWithBytes(): Promise<IndexEntry[]> {
    const entries = await this.refresh();
    const unmeasured = entries.filter((entry) => entry.bytes === undefined);
    await inParallel(unmeasured, async (entry) => {
      entry.bytes = await this.deps.fs.folderBytes(entry.record.id);
    });
    if (unmeasured.length > 0) {
      this.scheduleWrite();
    }
    return entries;
  }

  /** Runs removed by this window (delete, clear, the cap): left out at once, without waiting for a listing. */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      this.entries.delete(id);
    }
  }

  get report(): RefreshReport | undefined {
    return this.lastReport;
  }

  /** Resolves once the index file holds what this window knows (tests, the benchmark, shutdown). */
  async flushed(): Promise<void> {
    await this.refreshing.catch(() => undefined);
    await this.writing;
  }

  /** One refresh at a time: a second open waits for the first, then looks again (it is cheap). */
  private refresh(): Promise<IndexEntry[]> {
    const turn = this.refreshing.catch(() => undefined).then(() => this.refreshNow());
    this.refreshing = turn;
    return turn;
  }

  private async refreshNow(): Promise<IndexEntry[]> {
    const started = performance.now();
    const indexRead = await this.readIndexIfChanged();
    const ids = await this.deps.fs.listGenerationIds();
    const stamps = new Map<string, FileStamp | undefined>();
    await inParallel(ids, async (id) => {
      stamps.set(id, await this.deps.fs.recordStamp(id));
    });
    let changed = indexRead === 'missing';
    const stale = ids.filter((id) => {
      const stamp = stamps.get(id);
      const entry = this.entries.get(id);
      if (!stamp) {
        // A run being created (no record yet), or a stray folder.
        changed ||= this.entries.delete(id);
        return false;
      }
      return !entry || !sameStamp(entry.stamp, stamp);
    });
    const listed = new Set(ids);
    for (const id of [...this.entries.keys()]) {
      if (!listed.has(id)) {
        this.entries.delete(id);
        changed = true;
      }
    }
    // Stamped before reading: a write in between leaves an older stamp, so the next open reads it again.
    await inParallel(stale, async (id) => {
      const record = await this.deps.load(id);
      const stamp = stamps.get(id);
      if (record && stamp) {
        this.entries.set(id, { stamp, record });
      } else {
        this.entries.delete(id);
      }
    });
    changed ||= stale.length > 0;
    if (changed) {
      this.scheduleWrite();
    }
    const entries = [...this.entries.values()];
    this.lastReport = { runs: entries.length, recordsRead: stale.length, indexRead: indexRead === 'read', ms: performance.now() - started };
    return entries;
  }

  /** Reads the index file when this window has not seen its current version. */
  private async readIndexIfChanged(): Promise<'read' | 'unchanged' | 'missing'> {
    const stamp = await this.deps.fs.indexStamp();
    if (!stamp) {
      return 'missing';
    }
    if (sameStamp(stamp, this.knownIndexStamp)) {
      return 'unchanged';
    }
    const bytes = await this.deps.fs.readIndex();
    const parsed = bytes ? parseIndex(bytes) : undefined;
    if (!parsed) {
      this.deps.log('History: the index could not be read; every record is read once and the index written again.');
      return 'missing';
    }
    // What this window holds is as good as the file's when the stamps agree; otherwise the file's may be newer.
    for (const entry of parsed) {
      const mine = this.entries.get(entry.record.id);
      if (!mine || !sameStamp(mine.stamp, entry.stamp)) {
        this.entries.set(entry.record.id, entry);
      }
    }
    this.knownIndexStamp = stamp;
    return 'read';
  }

  /** Written after the open that needed it, not before: the list does not wait for the disk. */
  private scheduleWrite(): void {
    this.writing = this.writing.then(async () => {
      const contents: IndexFileContents = { version: INDEX_VERSION, entries: [...this.entries.values()] };
      const bytes = new TextEncoder().encode(JSON.stringify(contents));
      try {
        this.knownIndexStamp = await this.deps.lock.withLock(() => this.deps.fs.writeIndex(bytes));
      } catch (error) {
        // Only a cache: the next open reads the records it lacks.
        this.deps.log(`History: could not write the index: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
}

function parseIndex(bytes: Uint8Array): IndexEntry[] | undefined {
  const parsed = tryParseJson(new TextDecoder().decode(bytes));
  if (!isRecord(parsed) || parsed.version !== INDEX_VERSION || !Array.isArray(parsed.entries)) {
    return undefined;
  }
  return parsed.entries.filter(isIndexEntry);
}

function isIndexEntry(value: unknown): value is IndexEntry {
  return (
    isRecord(value) &&
    isRecord(value.stamp) &&
    typeof value.stamp.mtimeMs === 'number' &&
    typeof value.stamp.size === 'number' &&
    (value.bytes === undefined || typeof value.bytes === 'number') &&
    isRecord(value.record) &&
    typeof value.record.id === 'string' &&
    isRecord(value.record.source) &&
    Array.isArray(value.record.results)
  );
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await work(items[next++]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}
