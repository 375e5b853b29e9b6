import * as fs from 'fs/promises';
import * as path from 'path';
import { isGenerationId } from '../runs/generationIds';

/** What tells one write of a record.json from another: a write replaces the file (new mtime, often a new size). */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/** The file operations of the history index and the storage cap, on the store's root. */
export interface IndexFileSystem {
  /** Names of the generation folders (a listing of `generations/`, nothing read inside). */
  listGenerationIds(): Promise<string[]>;
  /** The stamp of `generations/<id>/record.json`; undefined when there is none (yet). */
  recordStamp(generationId: string): Promise<FileStamp | undefined>;
  /** Bytes of every file in a generation folder (0 when it is gone). */
  folderBytes(generationId: string): Promise<number>;
  /** Bytes of everything under the root but the generation folders (the index, locks, caches). */
  bytesOutsideGenerations(): Promise<number>;
  indexStamp(): Promise<FileStamp | undefined>;
  readIndex(): Promise<Uint8Array | undefined>;
  /** Atomic: a temporary file renamed over the index. Returns the stamp of what was written. */
  writeIndex(bytes: Uint8Array): Promise<FileStamp | undefined>;
}

export const INDEX_FILE = 'history-index.json';
const GENERATIONS = 'generations';

/** The index's file operations with node:fs, for global storage on the extension host's own disk. */
export function nodeIndexFileSystem(root: string): IndexFileSystem {
  const generations = path.join(root, GENERATIONS);
  const indexPath = path.join(root, INDEX_FILE);
  let tempCounter = 0;
  return {
    listGenerationIds: async () => {
      try {
        const entries = await fs.readdir(generations, { withFileTypes: true });
        return entries.filter((entry) => entry.isDirectory() && isGenerationId(entry.name)).map((entry) => entry.name);
      } catch {
        return [];
      }
    },
    recordStamp: (id) => stampOf(path.join(generations, id, 'record.json')),
    folderBytes: (id) => bytesUnder(path.join(generations, id)),
    bytesOutsideGenerations: async () => {
      const names = await fs.readdir(root).catch(() => [] as string[]);
      let total = 0;
      for (const name of names) {
        if (name !== GENERATIONS) {
          total += await bytesUnder(path.join(root, name));
        }
      }
      return total;
    },
    indexStamp: () => stampOf(indexPath),
    readIndex: async () => {
      try {
        return new Uint8Array(await fs.readFile(indexPath));
      } catch {
        return undefined;
      }
    },
    writeIndex: async (bytes) => {
      await fs.mkdir(root, { recursive: true });
      const temporary = `${indexPath}.${process.pid}-${++tempCounter}.tmp`;
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, indexPath);
      return stampOf(indexPath);
    },
  };
}

async function stampOf(file: string): Promise<FileStamp | undefined> {
  try {
    const stat = await fs.stat(file);
    return { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

/** A file's size, or the sizes of everything under a folder; 0 for what is gone meanwhile. */
async function bytesUnder(target: string): Promise<number> {
  let stat;
  try {
    stat = await fs.lstat(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) {
    return stat.size;
  }
  const names = await fs.readdir(target).catch(() => [] as string[]);
  let total = 0;
  for (const name of names) {
    total += await bytesUnder(path.join(target, name));
  }
  return total;
}
