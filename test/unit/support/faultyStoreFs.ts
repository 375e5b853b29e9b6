import type { StoreFileSystem } from '../../../src/runs/store';
import { nodeStoreFileSystem } from './nodeStoreFs';

/** A Node error as node:fs throws it, with its errno code. */
export function fsError(code: string, syscall: string, target: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: failed, ${syscall} '${target}'`);
  error.code = code;
  error.syscall = syscall;
  return error;
}

/**
 * The store's node:fs, with faults the test decides per call: a full disk, a rename refused for a
 * moment. `failWrite`/`failRename` return the error to throw, or undefined to let the call through.
 */
export function faultyStoreFileSystem(root: string): StoreFileSystem & {
  writes: string[];
  renames: string[];
  failWrite?: (relativePath: string) => Error | undefined;
  failRename?: (toRelativePath: string) => Error | undefined;
} {
  const inner = nodeStoreFileSystem(root);
  const faulty = {
    ...inner,
    renames: [] as string[],
    failWrite: undefined as ((relativePath: string) => Error | undefined) | undefined,
    failRename: undefined as ((toRelativePath: string) => Error | undefined) | undefined,
    writeFile: async (p: string, data: Uint8Array) => {
      const error = faulty.failWrite?.(p);
      if (error) {
        // A full disk fails part way: the temporary file exists, short.
        await inner.writeFile(p, data.slice(0, 1));
        throw error;
      }
      await inner.writeFile(p, data);
    },
    rename: async (from: string, to: string) => {
      faulty.renames.push(to);
      const error = faulty.failRename?.(to);
      if (error) {
        throw error;
      }
      await inner.rename(from, to);
    },
  };
  return faulty;
}
