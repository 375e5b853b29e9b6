import { type GenerationRecord, RECORD_VERSION, type StoredResult } from './record';
import { GENERATIONS, generationFolder, isGenerationId } from './generationIds';
import { isRecord } from '../shared/guards';
import { tryParseJson } from '../shared/json';
import { removeLeftoverTemporaryFiles, type LeftoverCleanupDeps } from './storeCleanup';
import {
  STORE_RETRY_DELAYS_MS,
  type StorageFailureReason,
  StoreWriteError,
  type StoreWriteFailure,
  type WriteRetryTiming,
  withWriteRetries,
} from './storeWrite';

/** Serialises read-modify-write edits of finished records; across windows when it can. */
export interface RecordLock {
  withLock<T>(work: () => Promise<T>): Promise<T>;
}

/** Orders this window's own edits, for storage no other window can lock (not a local disk). */
export class InProcessLock implements RecordLock {
  private queue: Promise<unknown> = Promise.resolve();

  withLock<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.catch(() => undefined).then(work);
    this.queue = turn;
    return turn;
  }
}

/**
 * The few file operations the store needs, on paths relative to the store's root ("a/b.json").
 * The extension backs it with `vscode.workspace.fs` under global storage; tests with node:fs.
 */
export interface StoreFileSystem {
  readFile(relativePath: string): Promise<Uint8Array>;
  writeFile(relativePath: string, data: Uint8Array): Promise<void>;
  /** Replaces `to` if it exists: the atomic step of a record update. */
  rename(fromRelativePath: string, toRelativePath: string): Promise<void>;
  createDirectory(relativePath: string): Promise<void>;
  /** Names of the sub-folders of a folder; empty when it does not exist. */
  listDirectories(relativePath: string): Promise<string[]>;
  /** The files of a folder with their modification times; empty when it does not exist. */
  listFiles(relativePath: string): Promise<{ name: string; mtimeMs: number }[]>;
  /** Removes a file; no error when it is already gone. */
  deleteFile(relativePath: string): Promise<void>;
}

export interface GenerationStoreOptions {
  /** How failed writes are tried again (storeWrite.ts); tests pass no pauses. */
  retry?: WriteRetryTiming;
  /** Told when a write failed for good and what was kept in memory instead, to say so in words. */
  onWriteFailure?(failure: StoreWriteFailure): void;
}

/** What `writeResult` did with a result's bytes. */
export type ResultWrite = { stored: true } | { stored: false; reason: StorageFailureReason };

const RECORD_FILE = 'record.json';
/**
 * Generation folders with their JSON records. Writes of one record are serialised and each is
 * atomic (temporary file, then rename), so a crash or reload never leaves a half-written record.
 *
 * A write refused for a moment (EPERM/EBUSY on a rename) is tried again; one that still fails
 * removes its temporary file. Once the paid call is on disk, what cannot be written is kept in
 * memory instead (results and the newest record), so nothing paid for is lost while the window
 * lives; before that, a failed record write stops the run, so no paid call goes out unrecorded.
 */
export class GenerationStore {
  private readonly pendingWrites = new Map<string, Promise<void>>();
  private tempCounter = 0;
  private readonly retry: WriteRetryTiming;
  /** Files that could not be written, by `<id>/<file name>`: read from here until the window closes. */
  private readonly heldFiles = new Map<string, Uint8Array>();
  /** The newest record of a generation whose last save failed. */
  private readonly heldRecords = new Map<string, GenerationRecord>();
  /** Generations whose record on disk says the paid call went out. */
  private readonly paidCallOnDisk = new Set<string>();

  constructor(
    private readonly fs: StoreFileSystem,
    readonly lock: RecordLock = new InProcessLock(),
    private readonly options: GenerationStoreOptions = {},
  ) {
    this.retry = options.retry ?? { delaysMs: STORE_RETRY_DELAYS_MS, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  }

  /**
   * Changes a stored record under the store's lock: read from disk, changed by `mutate` in place
   * (return false to leave it unwritten), written back. Another window's edit made in between is
   * never lost, as a snapshot written from memory could lose it. Undefined when there is no record.
   */
  update(id: string, mutate: (record: GenerationRecord) => void | false): Promise<GenerationRecord | undefined> {
    return this.lock.withLock(async () => {
      // This window's own saves of the record land first: read before them, the disk still has an
      // older phase (a run that just failed read as uploading), and writing that back would undo them.
      await this.pendingWrites.get(id)?.catch(() => undefined);
      const record = await this.load(id);
      if (!record) {
        return undefined;
      }
      if (mutate(record) !== false) {
        await this.save(record);
      }
      return record;
    });
  }

  async createFolder(id: string): Promise<void> {
    await this.fs.createDirectory(generationFolder(id));
  }

  /**
   * Writes a file of the generation (the source copy, the record) before anything refers to it.
   * Throws a StoreWriteError when it cannot, with no temporary file left behind.
   */
  async writeFile(id: string, fileName: string, bytes: Uint8Array): Promise<void> {
    const target = `${generationFolder(id)}/${fileName}`;
    let temporary = '';
    try {
      await withWriteRetries(
        async () => {
          temporary = `${target}.${process.pid}-${++this.tempCounter}.tmp`;
          await this.fs.writeFile(temporary, bytes);
          await this.fs.rename(temporary, target);
        },
        this.retry,
        () => this.fs.deleteFile(temporary),
      );
    } catch (error) {
      throw new StoreWriteError(target, error);
    }
    this.heldFiles.delete(`${id}/${fileName}`);
  }

  /**
   * Writes a downloaded result. When global storage refuses it, its bytes are kept in memory
   * (readFile serves them, so Save and Save As… still work) and the caller marks it not stored.
   */
  async writeResult(id: string, fileName: string, bytes: Uint8Array): Promise<ResultWrite> {
    try {
      await this.writeFile(id, fileName, bytes);
      return { stored: true };
    } catch (error) {
      if (!(error instanceof StoreWriteError)) {
        throw error;
      }
      this.heldFiles.set(`${id}/${fileName}`, bytes);
      this.options.onWriteFailure?.({ kind: 'result-held', generationId: id, fileName, reason: error.reason });
      return { stored: false, reason: error.reason };
    }
  }

  async readFile(id: string, fileName: string): Promise<Uint8Array> {
    return this.heldFiles.get(`${id}/${fileName}`) ?? this.fs.readFile(`${generationFolder(id)}/${fileName}`);
  }

  /** Whether a file of the generation is only in this window's memory (its write failed). */
  isHeld(id: string, fileName: string): boolean {
    return this.heldFiles.has(`${id}/${fileName}`);
  }

  /**
   * Removes the temporary files a crash left in generation folders (deferred after activation).
   * Another window's write in progress is left alone (storeCleanup.ts).
   */
  removeLeftoverTemporaryFiles(deps: LeftoverCleanupDeps): Promise<number> {
    return removeLeftoverTemporaryFiles(this.fs, this.listIds(), deps);
  }

  /**
   * Queues an atomic write of a snapshot of `record`; resolves when that snapshot is on disk.
   * Whatever version it was read as, it is written in the current format: a version-1 record is
   * only saved when it changed for a reason of its own, and its old sentences still read as before.
   */
  save(record: GenerationRecord): Promise<void> {
    const snapshot = new TextEncoder().encode(JSON.stringify({ ...record, version: RECORD_VERSION }, null, 2));
    const previous = this.pendingWrites.get(record.id) ?? Promise.resolve();
    const paidCall = record.generateStartedAt !== undefined;
    const write = previous
      .catch(() => undefined)
      .then(() => this.writeRecord(record, snapshot, paidCall));
    this.pendingWrites.set(record.id, write);
    void write.finally(() => {
      if (this.pendingWrites.get(record.id) === write) {
        this.pendingWrites.delete(record.id);
      }
    }).catch(() => undefined);
    return write;
  }

  private async writeRecord(record: GenerationRecord, snapshot: Uint8Array, paidCall: boolean): Promise<void> {
    try {
      await this.writeFile(record.id, RECORD_FILE, snapshot);
    } catch (error) {
      if (!(error instanceof StoreWriteError) || !this.paidCallOnDisk.has(record.id)) {
        throw error;
      }
      // The disk already says credits may be spent, and the results are worth more than the
      // write: this window goes on with the newer record; the older one on disk is whole.
      const wasHeld = this.heldRecords.has(record.id);
      this.heldRecords.set(record.id, JSON.parse(new TextDecoder().decode(snapshot)) as GenerationRecord);
      if (!wasHeld) {
        this.options.onWriteFailure?.({ kind: 'record-held', generationId: record.id, reason: error.reason });
      }
      return;
    }
    this.heldRecords.delete(record.id);
    if (paidCall) {
      this.paidCallOnDisk.add(record.id);
    }
  }

  async load(id: string): Promise<GenerationRecord | undefined> {
    if (!isGenerationId(id)) {
      return undefined;
    }
    const held = this.heldRecords.get(id);
    if (held) {
      return structuredClone(held);
    }
    try {
      const bytes = await this.fs.readFile(`${generationFolder(id)}/${RECORD_FILE}`);
      const parsed = tryParseJson(new TextDecoder().decode(bytes));
      if (!isGenerationRecord(parsed) || parsed.id !== id) {
        return undefined;
      }
      if (parsed.generateStartedAt !== undefined) {
        this.paidCallOnDisk.add(id);
      }
      return this.withoutLostResults(parsed);
    } catch {
      return undefined;
    }
  }

  /**
   * A result that was kept only in memory by a window that has since closed is gone: it reads as
   * failed, with the reason, and Retry download fetches it again from the server.
   */
  private withoutLostResults(record: GenerationRecord): GenerationRecord {
    if (!record.results.some((result) => result.notStored && !this.isHeld(record.id, result.file ?? ''))) {
      return record;
    }
    return {
      ...record,
      results: record.results.map((result) => {
        if (!result.notStored || this.isHeld(record.id, result.file ?? '')) {
          return result;
        }
        const lost: StoredResult = {
          ...result,
          status: 'failed',
          failure: { kind: 'internal', facts: { what: 'not-stored', reason: result.notStored } },
        };
        delete lost.file;
        delete lost.notStored;
        return lost;
      }),
    };
  }

  /** Ids of stored generations, newest first (ids sort by their time stamp). */
  async listIds(): Promise<string[]> {
    const names = await this.fs.listDirectories(GENERATIONS);
    return names.filter(isGenerationId).sort().reverse();
  }

  async latest(): Promise<GenerationRecord | undefined> {
    for (const id of await this.listIds()) {
      const record = await this.load(id);
      if (record) {
        return record;
      }
    }
    return undefined;
  }
}

function isGenerationRecord(value: unknown): value is GenerationRecord {
  if (!isRecord(value)) {
    return false;
  }
  const record = value as Partial<GenerationRecord>;
  return (
    (record.version === 1 || record.version === RECORD_VERSION) &&
    typeof record.id === 'string' &&
    typeof record.phase === 'string' &&
    typeof record.source === 'object' &&
    record.source !== null &&
    typeof record.source.storedFile === 'string' &&
    typeof record.options === 'object' &&
    Array.isArray(record.results)
  );
}
