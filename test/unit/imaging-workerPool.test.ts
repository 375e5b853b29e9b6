import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import type { SourceFormat, TranscodeRequest, TranscodeResponse } from '../../src/imaging/transcodeProtocol';
import { createWorkerTranscoder, type PooledTranscoder, type WorkerTranscoderOptions } from '../../src/imaging/workerTranscoder';

/**
 * The pool's rules, with a stand-in worker that speaks the same protocol: it answers at once,
 * crashes, exits or never answers, as the first byte of the request says. The real worker and
 * libvips are exercised in imaging-worker.test.ts.
 */
const BEHAVIOUR = { answer: 0, throwUncaught: 1, hang: 2, exit: 3 } as const;

const STAND_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let served = 0;
parentPort.on('message', (message) => {
  if (message.kind === 'warmUp') {
    if (workerData.vipsDir === 'warm-up never ends') return;
    parentPort.postMessage({ kind: 'warmedUp', id: message.id });
    return;
  }
  const behaviour = message.request.bytes[0];
  if (behaviour === ${BEHAVIOUR.throwUncaught}) throw new Error('stand-in worker crashed');
  if (behaviour === ${BEHAVIOUR.exit}) process.exit(7);
  if (behaviour === ${BEHAVIOUR.hang}) return;
  served++;
  // width: jobs this thread has served; height: 1 when it has the AVIF/HEIF module.
  const bytes = new Uint8Array([behaviour]);
  parentPort.postMessage(
    { kind: 'transcoded', id: message.id, response: { ok: true, bytes, format: 'png', width: served, height: workerData.withHeif ? 1 : 0 } },
    [bytes.buffer],
  );
});
`;

const COMPILED_TRANSCODER = path.resolve(__dirname, '..', '..', 'src', 'imaging', 'workerTranscoder.js');

function request(behaviour: number, source: SourceFormat = 'png'): TranscodeRequest {
  return { bytes: new Uint8Array([behaviour]), source, targetBytes: 1000, preferLossless: false, allowShrink: false, keepMetadata: false };
}

function served(response: TranscodeResponse): { jobsOnThread: number; withHeif: boolean } {
  assert.ok(response.ok, `expected an answer, got ${JSON.stringify(response)}`);
  return { jobsOnThread: response.width, withHeif: response.height === 1 };
}

function exited(worker: Worker): Promise<number> {
  return new Promise((resolve) => worker.once('exit', resolve));
}

function online(worker: Worker): Promise<void> {
  return new Promise((resolve) => worker.once('online', () => resolve()));
}

describe('imaging: the worker pool', function () {
  this.timeout(20_000);

  let workerScript: string;
  let started: Worker[];
  let pools: PooledTranscoder[];

  before(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imaging-pool-'));
    workerScript = path.join(dir, 'standInWorker.js');
    fs.writeFileSync(workerScript, STAND_IN_WORKER);
  });

  beforeEach(() => {
    started = [];
    pools = [];
  });

  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.dispose()));
  });

  function pool(options: WorkerTranscoderOptions = {}): PooledTranscoder {
    const created = createWorkerTranscoder(
      { workerScript, vipsDir: 'unused by the stand-in' },
      { ...options, onWorkerStarted: (worker) => started.push(worker) },
    );
    pools.push(created);
    return created;
  }

  it('serves jobs one after another on the same thread', async () => {
    const transcoder = pool();
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer))).jobsOnThread, 1);
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer))).jobsOnThread, 2);
    assert.equal(started.length, 1);
  });

  it('runs jobs given at once side by side, on at most maxWorkers threads', async () => {
    const transcoder = pool({ maxWorkers: 2 });
    const responses = await Promise.all([1, 2, 3, 4].map(() => transcoder.transcode(request(BEHAVIOUR.answer))));
    assert.equal(responses.filter((response) => response.ok).length, 4);
    assert.equal(started.length, 2);
  });

  it('a worker that throws fails its own job only, with words; the next job gets a new worker', async () => {
    const transcoder = pool({ maxWorkers: 1 });
    const crashing = transcoder.transcode(request(BEHAVIOUR.throwUncaught));
    const next = transcoder.transcode(request(BEHAVIOUR.answer));
    assert.deepEqual(await crashing, { ok: false, reason: 'failed', detail: 'stand-in worker crashed' });
    assert.equal(served(await next).jobsOnThread, 1);
    assert.equal(started.length, 2);
  });

  it('a worker that exits fails its job with the exit code, and is replaced', async () => {
    const transcoder = pool();
    await transcoder.transcode(request(BEHAVIOUR.answer));
    assert.deepEqual(await transcoder.transcode(request(BEHAVIOUR.exit)), {
      ok: false,
      reason: 'failed',
      detail: 'the imaging worker stopped (exit code 7)',
    });
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer))).jobsOnThread, 1);
    assert.equal(started.length, 2);
  });

  it('cancelling a running job ends its thread before rejecting; the next job starts a new one', async () => {
    const transcoder = pool({ maxWorkers: 1 });
    const controller = new AbortController();
    const hanging = transcoder.transcode(request(BEHAVIOUR.hang), controller.signal);
    const next = transcoder.transcode(request(BEHAVIOUR.answer));
    await online(started[0]);
    let threadGone = false;
    void exited(started[0]).then(() => (threadGone = true));
    controller.abort(new Error('cancelled by the user'));
    await assert.rejects(hanging, (error: Error) => {
      assert.equal(error.message, 'cancelled by the user');
      assert.equal(threadGone, true, 'rejected only once the thread was gone');
      return true;
    });
    assert.equal(served(await next).jobsOnThread, 1);
    assert.equal(started.length, 2);
  });

  it('jobs beyond maxWorkers wait in arrival order; one cancelled while waiting never starts', async () => {
    const transcoder = pool({ maxWorkers: 1 });
    const controller = new AbortController();
    const order: string[] = [];
    const first = transcoder.transcode(request(BEHAVIOUR.answer)).then((response) => order.push(`first:${served(response).jobsOnThread}`));
    const cancelled = transcoder.transcode(request(BEHAVIOUR.exit), controller.signal);
    const third = transcoder.transcode(request(BEHAVIOUR.answer)).then((response) => order.push(`third:${served(response).jobsOnThread}`));
    controller.abort(new Error('changed my mind'));
    await assert.rejects(cancelled, /changed my mind/);
    await Promise.all([first, third]);
    assert.deepEqual(order, ['first:1', 'third:2'], 'the cancelled job (which would have ended the thread) never ran');
    assert.equal(started.length, 1);
  });

  it('an already aborted signal starts no worker', async () => {
    const transcoder = pool();
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await assert.rejects(transcoder.transcode(request(BEHAVIOUR.answer), controller.signal), /too late/);
    assert.equal(started.length, 0);
  });

  it('ends a worker that stays idle for idleMs', async () => {
    const transcoder = pool({ idleMs: 20 });
    await transcoder.transcode(request(BEHAVIOUR.answer));
    await exited(started[0]);
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer))).jobsOnThread, 1, 'a fresh thread after the idle end');
    assert.equal(started.length, 2);
  });

  it('a job arriving during the warm-up uses the warming worker; warming up again while it lives starts nothing', async () => {
    const transcoder = pool();
    void transcoder.warmUp();
    void transcoder.warmUp();
    const response = await transcoder.transcode(request(BEHAVIOUR.answer));
    void transcoder.warmUp();
    assert.equal(served(response).jobsOnThread, 1);
    assert.equal(started.length, 1);
  });

  it('warmUp resolves once the worker is ready, for every caller; the job after it finds that worker', async () => {
    const transcoder = pool();
    await Promise.all([transcoder.warmUp(), transcoder.warmUp()]);
    assert.equal(started.length, 1);
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer))).jobsOnThread, 1);
    assert.equal(started.length, 1);
  });

  it('warmUp never throws or rejects, even when the worker cannot start', async () => {
    const transcoder = createWorkerTranscoder({ workerScript: path.join(path.dirname(workerScript), 'missing.js'), vipsDir: '' });
    pools.push(transcoder);
    await transcoder.warmUp(); // settles (never rejects) when the worker is gone
    const response = await transcoder.transcode(request(BEHAVIOUR.answer));
    assert.equal(response.ok, false);
    assert.match(response.ok ? '' : response.reason === 'failed' ? response.detail : '', /missing\.js/);
  });

  it('AVIF jobs go to a worker with the HEIF module; a free one without it makes room', async () => {
    const transcoder = pool({ maxWorkers: 1 });
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer, 'png'))).withHeif, false);
    const plainGone = exited(started[0]);
    assert.equal(served(await transcoder.transcode(request(BEHAVIOUR.answer, 'avif'))).withHeif, true);
    await plainGone;
    assert.deepEqual(served(await transcoder.transcode(request(BEHAVIOUR.answer, 'jpeg'))), { jobsOnThread: 2, withHeif: true });
    assert.equal(started.length, 2);
  });

  it('dispose ends every thread; waiting and later jobs fail at once', async () => {
    const transcoder = pool({ maxWorkers: 1 });
    const running = transcoder.transcode(request(BEHAVIOUR.hang));
    const waiting = transcoder.transcode(request(BEHAVIOUR.answer));
    await online(started[0]);
    const gone = exited(started[0]);
    await transcoder.dispose();
    await gone;
    assert.equal((await running).ok, false);
    assert.deepEqual(await waiting, { ok: false, reason: 'failed', detail: 'the imaging workers were shut down' });
    assert.equal((await transcoder.transcode(request(BEHAVIOUR.answer))).ok, false);
    void transcoder.warmUp();
    assert.equal(started.length, 1);
  });

  for (const [what, vipsDir, steps, printed] of [
    ['a worker still warming up', 'warm-up never ends', 'transcoder.warmUp();', ''],
    ['a worker idle after a job', '', `transcoder.transcode(job).then((response) => console.log(response.ok ? 'answered' : 'failed'));`, 'answered'],
  ]) {
    it(`${what} does not keep a Node process alive`, async () => {
      // A separate process with nothing else to do: it must end by itself, with the worker still alive.
      const script = `
        const { createWorkerTranscoder } = require(${JSON.stringify(COMPILED_TRANSCODER)});
        const transcoder = createWorkerTranscoder({ workerScript: ${JSON.stringify(workerScript)}, vipsDir: ${JSON.stringify(vipsDir)} });
        const job = { bytes: new Uint8Array([0]), source: 'png', targetBytes: 1, preferLossless: false, allowShrink: false, keepMetadata: false };
        ${steps}
      `;
      // The kill only cleans up after a failure: a process the worker keeps alive would never end.
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 15_000 });
      assert.equal(stdout.trim(), printed);
    });
  }
});
