import { type GenerationRecord, RECORD_VERSION, isTerminal } from './record';
import { isRecord } from '../shared/guards';
import { tryParseJson } from '../shared/json';

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
}

const GENERATIONS = 'generations';
const RECORD_FILE = 'record.json';
const GENERATION_ID = /^[0-9]{8}T[0-9]{6}(?:[0-9]{3})?-[a-z0-9]{6}$/;

export function generationFolder(id: string): string {
  return `${GENERATIONS}/${id}`;
}

export function newGenerationId(now: Date, random: () => number): string {
  // Milliseconds too: ids sort by time, and several runs can start within one second.
  const stamp = now.toISOString().replace(/[-:.]/g, '').slice(0, 18);
  let suffix = '';
  for (let i = 0; i < 6; i++) {
    suffix += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)];
  }
  return `${stamp}-${suffix}`;
}

export function isGenerationId(value: unknown): value is string {
  return typeof value === 'string' && GENERATION_ID.test(value);
}

/**
 * Generation folders with their JSON records. Writes of one record are serialised and each is
 * atomic (temporary file, then rename), so a crash or reload never leaves a half-written record.
 */
export class GenerationStore {
  private readonly pendingWrites = new Map<string, Promise<void>>();
  private tempCounter = 0;

  constructor(
    private readonly fs: StoreFileSystem,
    private readonly lock: RecordLock = new InProcessLock(),
  ) {}

  /**
   * Changes a stored record under the store's lock: read from disk, changed by `mutate` in place
   * (return false to leave it unwritten), written back. Another window's edit made in between is
   * never lost, as a snapshot written from memory could lose it. Undefined when there is no record.
   */
  update(id: string, mutate: (record: GenerationRecord) => void | false): Promise<GenerationRecord | undefined> {
    return this.lock.withLock(async () => {
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

  /** Writes a file of the generation (a result or the source copy) before anything refers to it. */
  async writeFile(id: string, fileName: string, bytes: Uint8Array): Promise<void> {
    const target = `${generationFolder(id)}/${fileName}`;
    const temporary = `${target}.${process.pid}-${++this.tempCounter}.tmp`;
    await this.fs.writeFile(temporary, bytes);
    await this.fs.rename(temporary, target);
  }

  async readFile(id: string, fileName: string): Promise<Uint8Array> {
    return this.fs.readFile(`${generationFolder(id)}/${fileName}`);
  }

  /**
   * Queues an atomic write of a snapshot of `record`; resolves when that snapshot is on disk.
   * Whatever version it was read as, it is written in the current format: a version-1 record is
   * only saved when it changed for a reason of its own, and its old sentences still read as before.
   */
  save(record: GenerationRecord): Promise<void> {
    const snapshot = new TextEncoder().encode(JSON.stringify({ ...record, version: RECORD_VERSION }, null, 2));
    const previous = this.pendingWrites.get(record.id) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(() => this.writeFile(record.id, RECORD_FILE, snapshot));
    this.pendingWrites.set(record.id, write);
    void write.finally(() => {
      if (this.pendingWrites.get(record.id) === write) {
        this.pendingWrites.delete(record.id);
      }
    }).catch(() => undefined);
    return write;
  }

  async load(id: string): Promise<GenerationRecord | undefined> {
    if (!isGenerationId(id)) {
      return undefined;
    }
    try {
      const bytes = await this.fs.readFile(`${generationFolder(id)}/${RECORD_FILE}`);
      const parsed = tryParseJson(new TextDecoder().decode(bytes));
      return isGenerationRecord(parsed) && parsed.id === id ? parsed : undefined;
    } catch {
      return undefined;
    }
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

/**
 * A run whose record is not terminal but that no live task owns was cut off (window reload,
 * crash): it is shown as interrupted, with the results that had arrived.
 */
export function markInterrupted(record: GenerationRecord, now: Date): GenerationRecord {
  if (isTerminal(record.phase)) {
    return record;
  }
  return {
    ...record,
    phase: 'interrupted',
    updatedAt: now.toISOString(),
    results: record.results.map((result) =>
      result.status === 'pending' && result.resultPath
        ? { ...result, status: 'failed', failure: { kind: 'interrupted', facts: { what: 'download-interrupted' } } }
        : result,
    ),
  };
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
