/**
 * The store's two jobs beside the runs, wired at activation: telling the user, in words, when
 * global storage refused a write (once per generation and kind), and removing the temporary files
 * an earlier crash left, in the background after start-up so activation stays fast.
 */
import type { GenerationStore } from './store';
import { type StoreWriteFailure, storeWriteFailureMessage } from './storeWrite';

export interface StoreFailureNotice {
  warn(message: string): unknown;
  log(message: string): void;
}

/** Says what was kept in memory; a run that loses several results to a full disk says it once. */
export function storeWriteFailureTeller(store: Pick<GenerationStore, 'load'>, notice: StoreFailureNotice): (failure: StoreWriteFailure) => Promise<void> {
  const told = new Set<string>();
  return async (failure) => {
    notice.log(
      failure.kind === 'result-held'
        ? `Generation ${failure.generationId}: ${failure.fileName} could not be stored (${failure.reason}); kept in memory.`
        : `Generation ${failure.generationId}: its record could not be written (${failure.reason}); the newest is kept in memory.`,
    );
    const key = `${failure.generationId}|${failure.kind}`;
    if (told.has(key)) {
      return;
    }
    told.add(key);
    const record = await store.load(failure.generationId).catch(() => undefined);
    notice.warn(storeWriteFailureMessage(failure, record?.source.name ?? failure.generationId));
  };
}

/** How long after activation the leftovers are looked for: after the window has settled. */
export const LEFTOVER_CLEANUP_DELAY_MS = 30_000;

/** Schedules the removal of a crash's temporary files; the disposable cancels it. */
export function removeLeftoversLater(store: Pick<GenerationStore, 'removeLeftoverTemporaryFiles'>, log: (message: string) => void): { dispose(): void } {
  const timer = setTimeout(() => {
    void store
      .removeLeftoverTemporaryFiles({ now: () => Date.now(), isProcessAlive, log })
      .catch((error: unknown) => log(`Looking for leftover temporary files failed: ${String(error)}`));
  }, LEFTOVER_CLEANUP_DELAY_MS);
  timer.unref?.();
  return { dispose: () => clearTimeout(timer) };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
