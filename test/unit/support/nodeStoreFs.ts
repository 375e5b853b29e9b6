import { nodeStoreFileSystem as storeFileSystem } from '../../../src/runs/nodeStoreFs';
import type { StoreFileSystem } from '../../../src/runs/store';

/** The extension's own node:fs store, recording which files were written. */
export function nodeStoreFileSystem(root: string): StoreFileSystem & { writes: string[] } {
  const inner = storeFileSystem(root);
  const writes: string[] = [];
  return {
    ...inner,
    writes,
    writeFile: async (p, data) => {
      writes.push(p);
      await inner.writeFile(p, data);
    },
  };
}
