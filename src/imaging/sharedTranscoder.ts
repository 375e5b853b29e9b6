import { createWorkerTranscoder, locateImagingFiles, type PooledTranscoder } from './workerTranscoder';

/**
 * The extension's one imaging pool. Created on first use, so activation loads nothing of the
 * codec; the host warms it when an image is about to be prepared and disposes it on deactivate.
 */
let shared: PooledTranscoder | undefined;

export function sharedTranscoder(): PooledTranscoder {
  shared ??= createWorkerTranscoder(locateImagingFiles());
  return shared;
}

/** Starts a worker and readies libvips in it, unless one is alive already. Cheap to call often; never throws. */
export function warmUpImaging(): void {
  try {
    void sharedTranscoder().warmUp();
  } catch {
    // Only a head start: the job itself starts a worker and reports what goes wrong.
  }
}

/** Ends the imaging workers; a later job starts a fresh pool. */
export function disposeImaging(): Promise<void> {
  const ending = shared;
  shared = undefined;
  return ending ? ending.dispose() : Promise.resolve();
}
