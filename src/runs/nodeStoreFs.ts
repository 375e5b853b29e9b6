import { randomBytes } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import type { StoreFileSystem } from './store';
import { type LockFileSystem, StoreLock } from './storeLock';

/**
 * The store's file operations on the extension host's own disk. Global storage is a local folder
 * for a Node extension host, and node:fs there costs microseconds where `workspace.fs` costs a
 * round trip to the workbench (in remote and web setups, tens of milliseconds per call).
 */
export function nodeStoreFileSystem(root: string): StoreFileSystem {
  const at = (relativePath: string) => path.join(root, ...relativePath.split('/'));
  return {
    readFile: async (p) => new Uint8Array(await fs.readFile(at(p))),
    writeFile: (p, data) => fs.writeFile(at(p), data),
    rename: (from, to) => fs.rename(at(from), at(to)),
    createDirectory: async (p) => {
      await fs.mkdir(at(p), { recursive: true });
    },
    listDirectories: async (p) => {
      try {
        const entries = await fs.readdir(at(p), { withFileTypes: true });
        return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      } catch {
        return [];
      }
    },
    listFiles: async (p) => {
      try {
        const entries = await fs.readdir(at(p), { withFileTypes: true });
        const files = entries.filter((entry) => entry.isFile());
        return await Promise.all(files.map(async (entry) => ({ name: entry.name, mtimeMs: (await fs.stat(at(`${p}/${entry.name}`))).mtimeMs })));
      } catch {
        return [];
      }
    },
    deleteFile: (p) => fs.rm(at(p), { force: true }),
  };
}

/** The store lock's operations on the extension host's own disk. */
export function nodeLockFileSystem(root: string): LockFileSystem {
  const at = (relativePath: string) => path.join(root, ...relativePath.split('/'));
  return {
    makeDirectoryExclusive: async (p) => {
      await fs.mkdir(path.dirname(at(p)), { recursive: true });
      try {
        await fs.mkdir(at(p));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          return false;
        }
        throw error;
      }
    },
    removeDirectory: (p) => fs.rm(at(p), { recursive: true, force: true }),
    modifiedAt: async (p) => {
      try {
        return (await fs.stat(at(p))).mtimeMs;
      } catch {
        return undefined;
      }
    },
    rename: (from, to) => fs.rename(at(from), at(to)),
  };
}

/** The lock every window on this machine shares for edits of stored records. */
export function nodeStoreLock(root: string): StoreLock {
  return new StoreLock(nodeLockFileSystem(root), {
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    uniqueSuffix: () => `${process.pid}-${randomBytes(4).toString('hex')}`,
  });
}
