import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { prepareUpload, type PrepareOptions } from '../../src/imaging/prepareUpload';
import type { TranscodeRequest } from '../../src/imaging/transcodeProtocol';
import { createWorkerTranscoder, locateImagingFiles, type PooledTranscoder, type WorkerTranscoderOptions } from '../../src/imaging/workerTranscoder';
import { fixture, gradientJpeg } from '../fixtures/imaging/support';

const OPTIONS: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * 2 ** 20 };
const IMAGING_OUT = path.resolve(__dirname, '..', '..', 'src', 'imaging');

function exited(worker: Worker): Promise<number> {
  return new Promise((resolve) => worker.once('exit', resolve));
}

function online(worker: Worker): Promise<void> {
  return new Promise((resolve) => worker.once('online', () => resolve()));
}

/** A small real job: a 4000×3000 photo scaled down and encoded by libvips. */
function photoRequest(bytes: Uint8Array): TranscodeRequest {
  return { bytes, source: 'jpeg', maxLongSide: 1536, targetBytes: 1.5 * 2 ** 20, preferLossless: false, allowShrink: true, keepMetadata: false };
}

describe('imaging: the worker thread', function () {
  this.timeout(120_000);

  let photo: Uint8Array;
  let pools: PooledTranscoder[];
  let started: Worker[];

  before(async () => {
    photo = await gradientJpeg(4000, 3000);
  });

  beforeEach(() => {
    pools = [];
    started = [];
  });

  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.dispose()));
  });

  /** The real worker and libvips, with every started thread recorded in `started`. */
  function realPool(options: WorkerTranscoderOptions = {}): PooledTranscoder {
    const pool = createWorkerTranscoder(locateImagingFiles(IMAGING_OUT), {
      ...options,
      onWorkerStarted: (worker) => {
        started.push(worker);
        options.onWorkerStarted?.(worker);
      },
    });
    pools.push(pool);
    return pool;
  }

  it('the same thread serves two jobs in a row', async () => {
    const transcoder = realPool();
    const first = await transcoder.transcode(photoRequest(photo));
    const second = await transcoder.transcode(photoRequest(photo));
    assert.ok(first.ok && second.ok);
    assert.deepEqual([second.width, second.height], [1536, 1152]);
    assert.deepEqual(second.bytes, first.bytes, 'the same answer from the reused worker');
    assert.equal(started.length, 1);
  });

  it('a job given during the warm-up waits for that worker instead of starting a second one', async () => {
    const transcoder = realPool();
    void transcoder.warmUp();
    const response = await transcoder.transcode(photoRequest(photo));
    assert.ok(response.ok);
    assert.equal(started.length, 1);
  });

  it('ends the worker once it has been idle for idleMs', async () => {
    const transcoder = realPool({ idleMs: 50 });
    assert.ok((await transcoder.transcode(photoRequest(photo))).ok);
    await exited(started[0]);
    assert.ok((await transcoder.transcode(photoRequest(photo))).ok, 'a new worker after the idle end');
    assert.equal(started.length, 2);
  });

  it('a worker ended mid-job fails that job only; the next job works in a new worker', async () => {
    const transcoder = realPool();
    const failing = transcoder.transcode(photoRequest(photo));
    await online(started[0]);
    await started[0].terminate(); // as when the thread dies (out of memory, a crash in wasm)
    const response = await failing;
    assert.equal(response.ok, false);
    assert.equal(response.ok ? '' : response.reason, 'failed');
    assert.ok((await transcoder.transcode(photoRequest(photo))).ok);
    assert.equal(started.length, 2);
  });

  it('dispose leaves no thread running, warm or busy', async () => {
    const transcoder = realPool({ maxWorkers: 2 });
    void transcoder.warmUp();
    const busy = transcoder.transcode(photoRequest(photo));
    const second = transcoder.transcode(photoRequest(photo));
    assert.equal(started.length, 2);
    const allGone = Promise.all(started.map(exited));
    await transcoder.dispose();
    await allGone;
    assert.equal((await busy).ok, false);
    assert.equal((await second).ok, false);
  });

  it('finds the compiled worker and libvips when run from out/', () => {
    const files = locateImagingFiles(IMAGING_OUT);
    assert.equal(files.workerScript, path.join(IMAGING_OUT, 'worker.js'));
    assert.equal(path.basename(files.vipsDir), 'lib');
  });

  it('cancelling stops the work: the promise rejects with the abort reason, the thread ends, the next job works', async () => {
    const transcoder = realPool();
    const controller = new AbortController();
    const workerOnline = new Promise<void>((resolve) => {
      const check = () => (started[0] ? started[0].once('online', () => resolve()) : setImmediate(check));
      check();
    });
    const preparing = prepareUpload('big.jpg', photo, { ...OPTIONS, signal: controller.signal }, { transcoder });
    await workerOnline;
    const ended = exited(started[0]);
    controller.abort();
    await assert.rejects(preparing, (error: Error) => error.name === 'AbortError');
    await ended; // resolves only when the thread is gone
    assert.equal(started.length, 1);
    const next = await prepareUpload('big.jpg', photo, OPTIONS, { transcoder });
    assert.ok(next.ok);
    assert.equal(started.length, 2);
  });

  it('an already aborted signal starts no worker at all', async () => {
    const transcoder = realPool();
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await assert.rejects(prepareUpload('big.jpg', photo, { ...OPTIONS, signal: controller.signal }, { transcoder }), /user cancelled/);
    const request: TranscodeRequest = { bytes: photo, source: 'jpeg', targetBytes: 1e6, preferLossless: false, allowShrink: true, keepMetadata: false };
    await assert.rejects(transcoder.transcode(request, controller.signal), /user cancelled/);
    assert.equal(started.length, 0);
  });

  it('leaves the caller\'s bytes intact (a copy goes to the worker), even for a pooled Buffer', async () => {
    const gif = Buffer.from(fixture('drawing.gif')); // small Buffers share Node's pool
    const before = Buffer.from(gif);
    const result = await prepareUpload('drawing.gif', gif, OPTIONS);
    assert.ok(result.ok);
    assert.equal(gif.byteLength, before.byteLength);
    assert.deepEqual(gif, before);
  });

  it('runs no more workers at once than allowed; the others wait and still finish', async () => {
    let alive = 0;
    let mostAlive = 0;
    const transcoder = realPool({
      maxWorkers: 1,
      onWorkerStarted: (worker) => {
        alive++;
        mostAlive = Math.max(mostAlive, alive);
        worker.once('exit', () => alive--);
      },
    });
    const gif = fixture('drawing.gif');
    const results = await Promise.all([1, 2, 3].map((n) => prepareUpload(`drawing${n}.gif`, gif, OPTIONS, { transcoder })));
    assert.deepEqual(results.map((result) => result.ok), [true, true, true]);
    assert.equal(mostAlive, 1);
    assert.equal(started.length, 1, 'one worker served all three');
  });

  it('a worker that cannot load libvips ends in a refusal with words, not a hang', async () => {
    const transcoder = createWorkerTranscoder({ workerScript: path.join(IMAGING_OUT, 'worker.js'), vipsDir: path.join(IMAGING_OUT, 'no-such-dir') });
    pools.push(transcoder);
    const result = await prepareUpload('big.jpg', photo, OPTIONS, { transcoder });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /^big\.jpg could not be prepared for upload \(.+\)\. Try again/);
  });
});
