import type { StoreFileSystem } from './runs/store';

/**
 * A full disk under global storage, played in the real VS Code by the integration tests
 * (test/integration/reliability-storage.test.ts). Only test mode's probe makes one
 * (src/probe.ts); the product's store talks to its file system directly, and no setting
 * reaches this.
 */
export class StoreFaults {
  private failure?: { code: string; applies: (relativePath: string) => boolean };
  /** Paths whose write was refused, in order, for the test to check. */
  readonly refusedWrites: string[] = [];

  /**
   * From now on writes fail with `code` (ENOSPC for a full disk) as node:fs reports it. Like a
   * real full disk the file is created and left short, so what cleans up after a failed write
   * has something to remove.
   */
  failWrites(code: string, applies: (relativePath: string) => boolean = () => true): void {
    this.failure = { code, applies };
  }

  /** Writes succeed again (the disk has room). */
  heal(): void {
    this.failure = undefined;
  }

  wrap(inner: StoreFileSystem): StoreFileSystem {
    return {
      ...inner,
      writeFile: async (relativePath, data) => {
        const failure = this.failure;
        if (!failure?.applies(relativePath)) {
          return inner.writeFile(relativePath, data);
        }
        this.refusedWrites.push(relativePath);
        await inner.writeFile(relativePath, data.subarray(0, Math.min(data.byteLength, 1)));
        throw Object.assign(new Error(`${failure.code}: write refused by the test's store faults, write '${relativePath}'`), {
          code: failure.code,
          syscall: 'write',
        });
      },
    };
  }
}
