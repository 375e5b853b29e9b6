import * as fs from 'fs/promises';
import * as path from 'path';
import type { StoreFileSystem } from '../../../src/runs/store';

/** The store's file operations on a real folder, for tests in plain Node. */
export function nodeStoreFileSystem(root: string): StoreFileSystem & { writes: string[] } {
  const at = (p: string) => path.join(root, ...p.split('/'));
  const writes: string[] = [];
  return {
    writes,
    readFile: async (p) => new Uint8Array(await fs.readFile(at(p))),
    writeFile: async (p, data) => {
      writes.push(p);
      await fs.writeFile(at(p), data);
    },
    rename: (from, to) => fs.rename(at(from), at(to)),
    createDirectory: async (p) => {
      await fs.mkdir(at(p), { recursive: true });
    },
    listDirectories: async (p) => {
      try {
        const entries = await fs.readdir(at(p), { withFileTypes: true });
        return entries.filter((e) => e.isDirectory()).map((e) => e.name);
      } catch {
        return [];
      }
    },
    delete: (p) => fs.rm(at(p), { recursive: true, force: true }),
  };
}
