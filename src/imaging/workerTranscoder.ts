import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { JobSlots } from './jobSlots';
import type { TranscodeRequest, TranscodeResponse } from './transcodeProtocol';
import type { ImagingWorkerData } from './worker';

/** Turns a source image into upload bytes; the real one runs libvips in a worker thread. */
export interface ImageTranscoder {
  transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResponse>;
}

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
  /** Workers alive at once (default 2); further jobs wait. */
  maxWorkers?: number;
  /** Lets tests watch the thread's life (that cancelling really ends it). */
  onWorkerStarted?(worker: Worker): void;
}

const DEFAULT_MAX_WORKERS = 2;

/** A fresh worker per job: nothing is loaded before the first image that needs it. */
export function createWorkerTranscoder(files: ImagingFiles, options: WorkerTranscoderOptions = {}): ImageTranscoder {
  const slots = new JobSlots(options.maxWorkers ?? DEFAULT_MAX_WORKERS);
  return {
    async transcode(request, signal) {
      const release = await slots.acquire(signal);
      try {
        return await runInWorker(files, options, request, signal);
      } finally {
        release();
      }
    },
  };
}

function runInWorker(
  files: ImagingFiles,
  hooks: WorkerTranscoderOptions,
  request: TranscodeRequest,
  signal?: AbortSignal,
): Promise<TranscodeResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const workerData: ImagingWorkerData = { vipsDir: files.vipsDir };
    const worker = new Worker(files.workerScript, { workerData });
    hooks.onWorkerStarted?.(worker);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      // Settle once the thread is gone, so its slot (and its memory) is really free.
      void worker.terminate().then(settle, settle);
    };
    const onAbort = () => finish(() => reject(abortReason(signal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (response: TranscodeResponse) => finish(() => resolve(response)));
    worker.once('error', (error) => finish(() => resolve({ ok: false, reason: 'failed', detail: error.message })));
    worker.once('exit', (code) =>
      finish(() => resolve({ ok: false, reason: 'failed', detail: `the imaging worker stopped (exit code ${code})` })),
    );
    // A copy goes over: the caller keeps its bytes (they may be hashed or retried later). Not
    // `slice()`: on a Node Buffer that is a view, and transferring it would detach the caller's
    // memory, or Node's whole shared Buffer pool.
    const bytes = new Uint8Array(request.bytes);
    worker.postMessage({ ...request, bytes }, [bytes.buffer]);
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
