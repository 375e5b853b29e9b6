import { parentPort, workerData } from 'node:worker_threads';
import { loadVips, type Vips } from './loadVips';
import {
  needsHeifModule,
  type ThumbnailRequest,
  type ThumbnailResponse,
  type TranscodeRequest,
  type TranscodeResponse,
  type WorkerAnswer,
  type WorkerRequest,
} from './transcodeProtocol';
import { thumbnailWithVips } from './vipsThumbnail';
import { transcodeWithVips } from './vipsTranscode';
import { warmUpVips } from './warmUp';
import { errorMessage } from '../shared/errorMessage';
import { assertNever } from '../shared/guards';

/**
 * The imaging worker (dist/imagingWorker.js). Decoding a 12-megapixel photo takes hundreds of
 * milliseconds of synchronous wasm, which must not stall the extension host. The worker stays
 * alive between jobs, because libvips' first transcode (its thread pool starting, the wasm code
 * tiering up) costs several times a later one; the host ends it when idle or to cancel a job.
 */

export interface ImagingWorkerData {
  vipsDir: string;
  /** Whether to load the AVIF/HEIF side module (3.8 MB of wasm) with libvips. */
  withHeif: boolean;
}

const port = parentPort;
if (!port) {
  throw new Error('The imaging worker must run as a worker thread.');
}
const { vipsDir, withHeif } = workerData as ImagingWorkerData;

let loading: Promise<Vips> | undefined;

/** Loaded once per worker; a failed load is retried by the next job rather than remembered. */
function libvips(): Promise<Vips> {
  loading ??= loadVips(vipsDir, withHeif).then(
    (vips) => {
      // No job repeats another's operations, and cached ones would hold their images' memory.
      vips.Cache.max(0);
      return vips;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Jobs received and not yet started: a warm-up gives way to them. */
let jobsWaiting = 0;

// One job at a time, in arrival order: libvips calls are synchronous, and answers must not overtake.
let previous: Promise<void> = Promise.resolve();
port.on('message', (message: WorkerRequest) => {
  const isJob = message.kind !== 'warmUp';
  if (isJob) {
    jobsWaiting++;
  }
  previous = previous.then(async () => {
    if (isJob) {
      jobsWaiting--;
    }
    const answer = await handle(message);
    const transfer = answer.kind !== 'warmedUp' && answer.response.ok ? [answer.response.bytes.buffer as ArrayBuffer] : [];
    port.postMessage(answer, transfer);
  });
});

async function handle(message: WorkerRequest): Promise<WorkerAnswer> {
  switch (message.kind) {
    case 'transcode':
      return { kind: 'transcoded', id: message.id, response: await transcode(message.request) };
    case 'thumbnail':
      return { kind: 'thumbnailed', id: message.id, response: await thumbnail(message.request) };
    case 'warmUp':
      try {
        await warmUpVips(await libvips(), () => jobsWaiting > 0);
      } catch {
        // Nothing to report: the next real job loads libvips again and says what went wrong.
      }
      return { kind: 'warmedUp', id: message.id };
    default:
      return assertNever(message);
  }
}

async function transcode(request: TranscodeRequest): Promise<TranscodeResponse> {
  try {
    if (needsHeifModule(request.source) && !withHeif) {
      return { ok: false, reason: 'failed', detail: 'this imaging worker was started without the AVIF/HEIF module' };
    }
    const response = transcodeWithVips(await libvips(), request);
    // Encoders hand out bytes in their own memory, which is transferred as is; anything sharing
    // its memory (a view on wasm memory, a pooled Buffer) is copied out first.
    return response.ok && !ownsItsMemory(response.bytes) ? { ...response, bytes: new Uint8Array(response.bytes) } : response;
  } catch (error) {
    return { ok: false, reason: 'failed', detail: errorMessage(error).split('\n')[0].trim() };
  }
}

async function thumbnail(request: ThumbnailRequest): Promise<ThumbnailResponse> {
  try {
    const response = thumbnailWithVips(await libvips(), request);
    return response.ok && !ownsItsMemory(response.bytes) ? { ...response, bytes: new Uint8Array(response.bytes) } : response;
  } catch (error) {
    return { ok: false, reason: 'failed', detail: errorMessage(error).split('\n')[0].trim() };
  }
}

function ownsItsMemory(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}
