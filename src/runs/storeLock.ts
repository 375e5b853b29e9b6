/**
 * The few operations a lock needs, on paths relative to the store's root. Creating a directory
 * is atomic on every local file system: exactly one window's `makeDirectoryExclusive` succeeds.
 */
export interface LockFileSystem {
  /** True when this call created the directory; false when it was already there. */
  makeDirectoryExclusive(relativePath: string): Promise<boolean>;
  /** Removes an empty directory; a missing one is fine. */
  removeDirectory(relativePath: string): Promise<void>;
  /** Milliseconds since the epoch of the last change, or undefined when it does not exist. */
  modifiedAt(relativePath: string): Promise<number | undefined>;
  /** Fails when `from` is gone: only one of several windows renaming the same entry wins. */
  rename(fromRelativePath: string, toRelativePath: string): Promise<void>;
}

export interface StoreLockOptions {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** A holder is assumed dead after this long (it holds the lock for milliseconds, never seconds). */
  staleAfterMs?: number;
  /** Gives up waiting after this long. */
  timeoutMs?: number;
  /** Tells apart the renamed copies of a stale lock taken over by different windows. */
  uniqueSuffix: () => string;
}

const LOCK_DIRECTORY = 'locks/store';

/**
 * A read-modify-write lock shared by every window that uses the same global storage. Within one
 * window the holders queue in order; across windows the lock is a directory created exclusively.
 * A window that died while holding it leaves the directory behind: once it is older than
 * `staleAfterMs` another window renames it away (one rename wins) and takes the lock.
 */
export class StoreLock {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly staleAfterMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly fs: LockFileSystem,
    private readonly options: StoreLockOptions,
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Runs `work` while holding the lock; the lock is released whether `work` succeeds or throws. */
  withLock<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.catch(() => undefined).then(async () => {
      await this.acquire();
      try {
        return await work();
      } finally {
        await this.fs.removeDirectory(LOCK_DIRECTORY).catch(() => undefined);
      }
    });
    this.queue = turn;
    return turn;
  }

  private async acquire(): Promise<void> {
    const startedAt = this.options.now();
    let pause = 5;
    for (;;) {
      if (await this.fs.makeDirectoryExclusive(LOCK_DIRECTORY)) {
        return;
      }
      const modifiedAt = await this.fs.modifiedAt(LOCK_DIRECTORY);
      if (modifiedAt !== undefined && this.options.now() - modifiedAt > this.staleAfterMs) {
        await this.takeOverStale();
        continue;
      }
      if (this.options.now() - startedAt > this.timeoutMs) {
        throw new Error('The history store stayed locked by another window.');
      }
      await this.options.sleep(pause);
      pause = Math.min(pause * 2, 100);
    }
  }

  private async takeOverStale(): Promise<void> {
    const aside = `${LOCK_DIRECTORY}.stale-${this.options.uniqueSuffix()}`;
    try {
      await this.fs.rename(LOCK_DIRECTORY, aside);
    } catch {
      return; // Another window took it over first, or its holder released it: try again.
    }
    const movedModifiedAt = await this.fs.modifiedAt(aside);
    if (movedModifiedAt !== undefined && this.options.now() - movedModifiedAt <= this.staleAfterMs) {
      // Between our look and our rename another window took the stale lock over and made a fresh
      // one: that was the one we moved. Give it back rather than let two windows hold the lock.
      await this.fs.rename(aside, LOCK_DIRECTORY).catch(() => undefined);
      return;
    }
    await this.fs.removeDirectory(aside).catch(() => undefined);
  }
}
