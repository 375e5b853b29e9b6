import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { prepareUpload, type PrepareOptions } from '../../src/imaging/prepareUpload';
import type { TranscodeRequest } from '../../src/imaging/transcodeProtocol';
import { createWorkerTranscoder, locateImagingFiles } from '../../src/imaging/workerTranscoder';
import { fixture, gradientJpeg } from '../fixtures/imaging/support';

const OPTIONS: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * 2 ** 20 };
const IMAGING_OUT = path.resolve(__dirname, '..', '..', 'src', 'imaging');

function exited(worker: Worker): Promise<number> {
  return new Promise((resolve) => worker.once('exit', resolve));
}

describe('imaging: the worker thread', function () {
  this.timeout(120_000);

  let photo: Uint8Array;

  before(async () => {
    photo = await gradientJpeg(4000, 3000);
  });

  it('finds the compiled worker and libvips when run from out/', () => {
    const files = locateImagingFiles(IMAGING_OUT);
    assert.equal(files.workerScript, path.join(IMAGING_OUT, 'worker.js'));
    assert.equal(path.basename(files.vipsDir), 'lib');
  });

  it('cancelling stops the work: the promise rejects with the abort reason and the thread ends', async () => {
    const started: Worker[] = [];
    const transcoder = createWorkerTranscoder(locateImagingFiles(IMAGING_OUT), { onWorkerStarted: (worker) => started.push(worker) });
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
  });

  it('an already aborted signal starts no worker at all', async () => {
    const started: Worker[] = [];
    const transcoder = createWorkerTranscoder(locateImagingFiles(IMAGING_OUT), { onWorkerStarted: (worker) => started.push(worker) });
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
    const transcoder = createWorkerTranscoder(locateImagingFiles(IMAGING_OUT), {
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
  });

  it('a worker that cannot load libvips ends in a refusal with words, not a hang', async () => {
    const transcoder = createWorkerTranscoder({ workerScript: path.join(IMAGING_OUT, 'worker.js'), vipsDir: path.join(IMAGING_OUT, 'no-such-dir') });
    const result = await prepareUpload('big.jpg', photo, OPTIONS, { transcoder });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /^big\.jpg could not be prepared for upload \(.+\)\. Try again/);
  });
});
