/**
 * A job of the worker pool in the worker's terms: the message that carries it over, and how the
 * worker's answer, or a failure, settles it. The pool decides which thread runs it and when.
 */
import type { ThumbnailRequest, ThumbnailResponse, TranscodeRequest, TranscodeResponse, WorkerAnswer, WorkerRequest } from './transcodeProtocol';
import { assertNever } from '../shared/guards';

/** What a job asks of a worker, and where its answer goes. */
export type JobWork =
  | { kind: 'transcode'; request: TranscodeRequest; resolve(response: TranscodeResponse): void }
  | { kind: 'thumbnail'; request: ThumbnailRequest; resolve(response: ThumbnailResponse): void };

export interface Job {
  id: number;
  work: JobWork;
  needsHeif: boolean;
  signal?: AbortSignal;
  reject(reason: unknown): void;
}

/** The message for a job, with the buffer it hands over. */
export function jobMessage(job: Job): { message: WorkerRequest; transfer: ArrayBuffer[] } {
  // A copy goes over: the caller keeps its bytes (they may be hashed or retried later). Not
  // `slice()`: on a Node Buffer that is a view, and transferring it would detach the caller's
  // memory, or Node's whole shared Buffer pool.
  const work = job.work;
  const bytes = new Uint8Array(work.request.bytes);
  switch (work.kind) {
    case 'transcode':
      return { message: { kind: 'transcode', id: job.id, request: { ...work.request, bytes } }, transfer: [bytes.buffer] };
    case 'thumbnail':
      return { message: { kind: 'thumbnail', id: job.id, request: { ...work.request, bytes } }, transfer: [bytes.buffer] };
    default:
      return assertNever(work);
  }
}

/** Settles a job with a failure in its own kind's terms. */
export function failJob(job: Job, detail: string): void {
  const work = job.work;
  const failed = { ok: false, reason: 'failed', detail } as const;
  switch (work.kind) {
    case 'transcode':
      work.resolve(failed);
      return;
    case 'thumbnail':
      work.resolve(failed);
      return;
    default:
      assertNever(work);
  }
}

/** Hands the worker's answer to its job; an answer of another kind than asked is a failure. */
export function deliverAnswer(job: Job, answer: Extract<WorkerAnswer, { response: unknown }>): void {
  const work = job.work;
  if (work.kind === 'transcode' && answer.kind === 'transcoded') {
    work.resolve(answer.response);
  } else if (work.kind === 'thumbnail' && answer.kind === 'thumbnailed') {
    work.resolve(answer.response);
  } else {
    failJob(job, `the imaging worker answered a ${work.kind} job with ${answer.kind}`);
  }
}

export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
