import type { Worker } from 'node:worker_threads';
import {
  needsHeifModule,
  type ThumbnailRequest,
  type ThumbnailResponse,
  type TranscodeRequest,
  type TranscodeResponse,
  type WorkerAnswer,
  type WorkerRequest,
} from './transcodeProtocol';
import { type Job, type JobWork, abortReason, deliverAnswer, failJob, jobMessage } from './poolJobs';
import { errorMessage } from '../shared/errorMessage';
import { assertNever } from '../shared/guards';

/** Turns a source image into upload bytes; the real one runs libvips in worker threads. */
export interface ImageTranscoder {
  transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResponse>;
}

/** Makes the history's thumbnails; the real one shares the upload's worker threads. */
export interface ImageThumbnailer {
  thumbnail(request: ThumbnailRequest, signal?: AbortSignal): Promise<ThumbnailResponse>;
}

/** A transcoder that keeps its workers between jobs. */
export interface PooledTranscoder extends ImageTranscoder, ImageThumbnailer {
  /**
   * Starts one worker and readies libvips in it, unless one is already alive. Never throws or
   * rejects; resolves when that worker is ready (or gone, or has given way to a job), at once
   * when nothing was started. Callers need not wait: a job given meanwhile waits for the worker.
   * Like an idle worker, a warming one does not keep the process alive, even while awaited.
   */
  warmUp(): Promise<void>;
  /** Ends every worker; resolves once all their threads are gone. Later jobs fail at once. */
  dispose(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Starts a worker thread; `withHeif` asks for the AVIF/HEIF side module. */
  startWorker(withHeif: boolean): Worker;
  /** Threads alive at once, idle ones included; further jobs wait. */
  maxWorkers: number;
  /** A worker with nothing to do for this long is ended (its wasm memory never shrinks). */
  idleMs: number;
}

interface PooledThread {
  worker: Worker;
  withHeif: boolean;
  /** The one job it is working on. */
  job?: Job;
  /** Set while a warm-up is under way; settled when it is answered or the thread is gone. */
  warmUp?: { done: Promise<void>; settle(): void };
  /** terminate() was called; the thread counts as alive until its 'exit' event. */
  ending: boolean;
  idleTimer?: NodeJS.Timeout;
  /** The uncaught error it died of, reported to its job on exit. */
  crash?: string;
}

const SHUT_DOWN = 'the imaging workers were shut down';

/**
 * Worker threads that serve many jobs, at most `maxWorkers` alive, jobs waiting in arrival order.
 * Cancelling a job terminates its worker, which is the only way to stop synchronous wasm; a worker
 * that dies fails its own job only. Idle workers are unref'd, so they never keep a process alive.
 */
export class WorkerPool implements PooledTranscoder {
  private readonly threads = new Set<PooledThread>();
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private disposed = false;
  private readonly whenAllGone: Array<() => void> = [];

  constructor(private readonly options: WorkerPoolOptions) {}

  transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResponse> {
    return this.enqueue<TranscodeResponse>(signal, needsHeifModule(request.source), (resolve) => ({ kind: 'transcode', request, resolve }));
  }

  /** Thumbnails are made from stored PNG, JPEG and WebP files: any worker will do. */
  thumbnail(request: ThumbnailRequest, signal?: AbortSignal): Promise<ThumbnailResponse> {
    return this.enqueue<ThumbnailResponse>(signal, false, (resolve) => ({ kind: 'thumbnail', request, resolve }));
  }

  private enqueue<R>(signal: AbortSignal | undefined, needsHeif: boolean, work: (resolve: (response: R) => void) => JobWork): Promise<R> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const job: Job = {
        id: this.nextId++,
        work: work((response) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(response);
        }),
        needsHeif,
        signal,
        reject: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      const onAbort = () => this.cancel(job);
      if (this.disposed) {
        failJob(job, SHUT_DOWN);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(job);
      this.dispatch();
    });
  }

  warmUp(): Promise<void> {
    try {
      const alive = [...this.threads].filter((thread) => !thread.ending);
      if (this.disposed || alive.length > 0 || this.threads.size >= this.options.maxWorkers) {
        return alive.find((thread) => thread.warmUp)?.warmUp?.done ?? Promise.resolve();
      }
      const thread = this.start(false);
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      thread.warmUp = { done, settle };
      thread.worker.unref(); // nobody needs to wait for a warm-up
      this.post(thread, { kind: 'warmUp', id: this.nextId++ });
      return done;
    } catch {
      // Warming up is only a head start: a job that needs a worker starts one and reports failures.
      return Promise.resolve();
    }
  }

  dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.waiting.splice(0)) {
      failJob(job, SHUT_DOWN);
    }
    for (const thread of this.threads) {
      this.end(thread);
    }
    return this.threads.size === 0 ? Promise.resolve() : new Promise((resolve) => this.whenAllGone.push(resolve));
  }

  /** Hands waiting jobs, oldest first, to a free worker, or to a new one while there is room. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const job = this.waiting[0];
      let thread = this.freeThreadFor(job);
      if (!thread && this.threads.size < this.options.maxWorkers) {
        try {
          thread = this.start(job.needsHeif);
        } catch (error) {
          this.waiting.shift();
          failJob(job, firstLine(error));
          continue;
        }
      }
      if (!thread) {
        // All slots taken: a free worker without the AVIF/HEIF module makes room for one with it.
        const unsuitable = [...this.threads].find((candidate) => this.isFree(candidate));
        if (unsuitable) {
          this.end(unsuitable);
        }
        return;
      }
      this.waiting.shift();
      this.assign(thread, job);
    }
  }

  private isFree(thread: PooledThread): boolean {
    return !thread.ending && thread.job === undefined;
  }

  /** A ready worker first; one still warming up next, since it will be ready before a new one. */
  private freeThreadFor(job: Job): PooledThread | undefined {
    const suitable = [...this.threads].filter((thread) => this.isFree(thread) && (thread.withHeif || !job.needsHeif));
    return suitable.find((thread) => !thread.warmUp) ?? suitable[0];
  }

  private start(withHeif: boolean): PooledThread {
    const worker = this.options.startWorker(withHeif);
    const thread: PooledThread = { worker, withHeif, ending: false };
    this.threads.add(thread);
    worker.on('message', (answer: WorkerAnswer) => this.onAnswer(thread, answer));
    worker.on('error', (error: Error) => {
      thread.crash ??= firstLine(error);
    });
    worker.once('exit', (code: number) => this.onExit(thread, code));
    return thread;
  }

  private assign(thread: PooledThread, job: Job): void {
    clearTimeout(thread.idleTimer);
    thread.job = job;
    thread.worker.ref();
    const { message, transfer } = jobMessage(job);
    this.post(thread, message, transfer);
  }

  private post(thread: PooledThread, message: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    thread.worker.postMessage(message, transfer);
  }

  private onAnswer(thread: PooledThread, answer: WorkerAnswer): void {
    switch (answer.kind) {
      case 'transcoded':
      case 'thumbnailed': {
        const job = thread.job;
        if (job?.id !== answer.id) {
          return; // not the job it is working on: nothing waits for this answer
        }
        thread.job = undefined;
        deliverAnswer(job, answer);
        break;
      }
      case 'warmedUp':
        this.warmedUp(thread);
        break;
      default:
        assertNever(answer);
    }
    this.afterWork(thread);
  }

  /** The next waiting job, if any, takes the worker; otherwise it idles until its timer ends it. */
  private afterWork(thread: PooledThread): void {
    this.dispatch();
    if (this.isFree(thread) && !thread.warmUp) {
      thread.worker.unref();
      clearTimeout(thread.idleTimer);
      thread.idleTimer = setTimeout(() => this.end(thread), this.options.idleMs);
      thread.idleTimer.unref();
    }
  }

  private warmedUp(thread: PooledThread): void {
    const warmUp = thread.warmUp;
    thread.warmUp = undefined;
    warmUp?.settle();
  }

  private cancel(job: Job): void {
    const queued = this.waiting.indexOf(job);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      job.reject(abortReason(job.signal));
      return;
    }
    const thread = [...this.threads].find((candidate) => candidate.job === job);
    if (thread) {
      this.end(thread); // the job is rejected once the thread is gone, so its slot is really free
    }
  }

  private end(thread: PooledThread): void {
    clearTimeout(thread.idleTimer);
    if (!thread.ending) {
      thread.ending = true;
      thread.worker.terminate().catch(() => undefined);
    }
  }

  private onExit(thread: PooledThread, code: number): void {
    clearTimeout(thread.idleTimer);
    this.threads.delete(thread);
    this.warmedUp(thread);
    const job = thread.job;
    thread.job = undefined;
    if (job?.signal?.aborted) {
      job.reject(abortReason(job.signal));
    } else if (job) {
      failJob(job, thread.crash ?? `the imaging worker stopped (exit code ${code})`);
    }
    if (!this.disposed) {
      this.dispatch();
    }
    if (this.threads.size === 0) {
      this.whenAllGone.splice(0).forEach((resolve) => resolve());
    }
  }
}

function firstLine(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n')[0].trim();
}
