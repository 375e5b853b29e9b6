import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImagingWorkerData } from './worker';
import { WorkerPool, type PooledTranscoder } from './workerPool';

export type { ImageTranscoder, PooledTranscoder } from './workerPool';

export interface ImagingFiles {
  workerScript: string;
  vipsDir: string;
}

/**
 * Where the worker and libvips are: next to the bundle in the VSIX (dist/imagingWorker.js,
 * dist/vips/), or the compiled sources and node_modules when tests run from out/.
 */
export function locateImagingFiles(hostDir: string = __dirname): ImagingFiles {
  const bundled = path.join(hostDir, 'imagingWorker.js');
  const workerScript = fs.existsSync(bundled) ? bundled : path.join(hostDir, 'worker.js');
  const shipped = path.join(path.dirname(workerScript), 'vips');
  const vipsDir = fs.existsSync(path.join(shipped, 'vips-node.js'))
    ? shipped
    : path.dirname(createRequire(__filename).resolve('wasm-vips'));
  return { workerScript, vipsDir };
}

export interface WorkerTranscoderOptions {
  /** Workers alive at once, idle ones included (default 2); further jobs wait. */
  maxWorkers?: number;
  /** How long a worker with nothing to do stays alive (default 2 minutes). */
  idleMs?: number;
  /** Lets tests watch the threads' lives (reuse, cancelling, idle ends). */
  onWorkerStarted?(worker: Worker): void;
}

/** Each libvips worker holds its own wasm memory (hundreds of MB after a 12-megapixel photo) and threads. */
const DEFAULT_MAX_WORKERS = 2;
/** Long enough to cover picking options and a retry; short enough not to sit on that memory. */
const DEFAULT_IDLE_MS = 2 * 60_000;

/** Workers are started on the first job or warm-up: creating the transcoder loads nothing. */
export function createWorkerTranscoder(files: ImagingFiles, options: WorkerTranscoderOptions = {}): PooledTranscoder {
  return new WorkerPool({
    maxWorkers: options.maxWorkers ?? DEFAULT_MAX_WORKERS,
    idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
    startWorker(withHeif) {
      const workerData: ImagingWorkerData = { vipsDir: files.vipsDir, withHeif };
      const worker = new Worker(files.workerScript, { workerData });
      options.onWorkerStarted?.(worker);
      return worker;
    },
  });
}
