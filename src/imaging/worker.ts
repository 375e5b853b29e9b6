import { parentPort, workerData } from 'node:worker_threads';
import { loadVips } from './loadVips';
import type { TranscodeRequest, TranscodeResponse } from './transcodeProtocol';
import { transcodeWithVips } from './vipsTranscode';

/**
 * The imaging worker (dist/imagingWorker.js): one transcode per worker. Decoding a 12-megapixel
 * photo takes hundreds of milliseconds of synchronous wasm, which must not stall the extension
 * host; the host cancels by terminating this thread.
 */

export interface ImagingWorkerData {
  vipsDir: string;
}

const port = parentPort;
if (!port) {
  throw new Error('The imaging worker must run as a worker thread.');
}
const { vipsDir } = workerData as ImagingWorkerData;

port.once('message', (request: TranscodeRequest) => {
  void answer(request).then((response) => {
    const transfer = response.ok ? [response.bytes.buffer as ArrayBuffer] : [];
    port.postMessage(response, transfer);
  });
});

async function answer(request: TranscodeRequest): Promise<TranscodeResponse> {
  try {
    const vips = await loadVips(vipsDir, request.source === 'avif' || request.source === 'heic');
    const response = transcodeWithVips(vips, request);
    // The encoder's buffer may be a view on wasm memory: copy it out so it can be transferred.
    return response.ok ? { ...response, bytes: new Uint8Array(response.bytes) } : response;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'failed', detail: message.split('\n')[0].trim() };
  }
}
