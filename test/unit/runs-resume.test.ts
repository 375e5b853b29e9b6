import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { toGalleryView } from '../../src/gallery/viewModel';
import { historyState } from '../../src/history/stateWords';
import type { VariationOptions } from '../../src/options/types';
import { describeRunFailure } from '../../src/runs/failureText';
import { LEASE_STALE_MS, RunLeases } from '../../src/runs/lease';
import { RunQueue } from '../../src/runs/queue';
import type { GenerationRecord } from '../../src/runs/record';
import { decideRecovery } from '../../src/runs/resumeDecision';
import { startResumeScan } from '../../src/runs/resumeScan';
import { actionLabel } from '../../src/runs/runActions';
import { describeFailure } from '../../src/runs/runFailure';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { UnfinishedRunFiles } from '../../src/runs/unfinishedRuns';
import { describeState } from '../../src/webview/status';
import { Words } from '../../src/webview/words';
import { type Emulator, startEmulator } from '../emulator';
import { pngBytes } from './api-helpers';
import { type FastClock, type SeenRequest, fastClock, watchingFetch } from './support/fastClock';
import { nodeStoreFileSystem } from './support/nodeStoreFs';
import { sampleRecord } from './sampleRecord';
import { emulatorClient } from './api-helpers';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '1:1', num_outputs: 2, num_inference_steps: 4, seed: 3,
  output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
};

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 8_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('runs: a run a reload interrupted is resumed by the next start, in one window only', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let root: string;
  let clock: FastClock;
  let seen: SeenRequest[];
  let logLines: string[];
  let beforeRequest: ((request: SeenRequest) => Promise<void> | void) | undefined;
  let apiOrigin: string;
  const windows: { runs: RunManager; leases: RunLeases }[] = [];

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    emulator.setLatency({});
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-resume-'));
    clock = fastClock(100);
    seen = [];
    logLines = [];
    beforeRequest = undefined;
    apiOrigin = emulator.apiBaseUrl;
  });
  afterEach(async () => {
    for (const { runs, leases } of windows.splice(0)) {
      runs.dispose();
      leases.dispose();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fs.rm(root, { recursive: true, force: true });
  });

  /** One window's extension host: its own store, client, leases and list, on the shared global storage. */
  function openWindow(name: string) {
    const store = new GenerationStore(nodeStoreFileSystem(root));
    const client = emulatorClient(emulator, {
      fetch: watchingFetch(clock, seen, (request) => beforeRequest?.(request)),
      requestTimeoutMs: 300_000,
      // The client's own default, as before: only the request time-out is stretched for the slow clock.
      transferTimeoutMs: undefined,
      generationMode: 'async',
      now: clock.now,
      sleep: clock.sleep,
    });
    const leases = new RunLeases({ root, owner: name });
    const runs = new RunManager(
      {
        store,
        createClient: () => client,
        describe: describeFailure,
        now: () => Date.now(),
        random: Math.random,
        log: (m) => logLines.push(`${name}: ${m}`),
        currentApiOrigin: () => apiOrigin,
        ownership: leases,
        unfinished: new UnfinishedRunFiles(root),
      },
      new RunQueue(2),
    );
    windows.push({ runs, leases });
    return { runs, store, leases };
  }

  const paidCalls = () => seen.filter((r) => r.url.endsWith('/api/features'));
  const downloads = () => seen.filter((r) => emulator.assetBaseUrls.some((base) => r.url.startsWith(base)));
  const loadRecord = (id: string) => new GenerationStore(nodeStoreFileSystem(root)).load(id);

  function start(runs: RunManager) {
    const bytes = pngBytes(40, 30);
    return runs.start({
      source: { uri: 'file:///w/pier.png', name: 'pier.png', format: 'png', width: 40, height: 30, bytes: bytes.length },
      sourceBytes: bytes,
      upload: { bytes, fileName: 'pier.png', mimeType: 'image/png' },
      model: 'black-forest-labs/flux-redux-dev',
      options: OPTIONS,
      apiOrigin: emulator.apiBaseUrl,
    });
  }

  function finishedIn(runs: RunManager, id: string): Promise<GenerationRecord> {
    return new Promise((resolve) => {
      const subscription = runs.onDidChange((record) => {
        if (record.id === id && ['done', 'failed', 'cancelled', 'interrupted'].includes(record.phase)) {
          subscription.dispose();
          resolve(record);
        }
      });
    });
  }

  /** Starts a run in a first window and ends that window (as a reload does) once the server accepted it. */
  async function cutOffWhileGenerating(generationMs: number): Promise<string> {
    emulator.setLatency({ generationMs });
    const first = openWindow('first');
    let accepted!: () => void;
    const polling = new Promise<void>((resolve) => {
      accepted = resolve;
    });
    beforeRequest = (request) => {
      if (request.url.includes('/api/results/')) {
        accepted();
      }
    };
    const started = await start(first.runs);
    await polling;
    beforeRequest = undefined;
    first.runs.dispose();
    await started.completion;
    return started.record.id;
  }

  it('leaves a record resumable on dispose: its phase untouched, still on the list, its lease freed', async () => {
    const id = await cutOffWhileGenerating(2_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stored = await loadRecord(id);
    assert.equal(stored?.phase, 'generating');
    assert.ok(stored?.recordId);
    assert.equal(stored.failure, undefined);
    assert.deepEqual(await new UnfinishedRunFiles(root).list(), [id]);
    assert.deepEqual(await fs.readdir(path.join(root, 'leases')), [], 'the lease was freed for the next start');
  });

  it('resumes after a reload mid-generation: results stored, no second features call, and the gallery and history say it was resumed', async () => {
    const id = await cutOffWhileGenerating(1_500);
    const second = openWindow('second');
    const finished = finishedIn(second.runs, id);
    const scan = startResumeScan({ unfinishedIds: () => second.runs.unfinishedIds(), recover: (runId) => second.runs.recover(runId), log: () => undefined });
    try {
      assert.equal((await scan.firstPass).get(id), 'resume');
      const record = await finished;
      assert.equal(record.phase, 'done');
      assert.equal(record.results.filter((r) => r.status === 'ready').length, 2);
      for (const result of record.results) {
        await fs.access(path.join(root, 'generations', id, result.file!));
      }
      assert.equal(paidCalls().length, 1, 'one paid call in all');
      assert.equal(typeof record.resumedAt, 'number');
      assert.equal((await loadRecord(id))?.phase, 'done', 'on disk');
      const view = toGalleryView(record, {}, { fileSrc: (name) => name, actionLabel });
      assert.equal(view.runNote, 'resumed');
      assert.ok(describeState(view, new Words({}, 'en'), Date.now()).details.some((line) => /Resumed after VS Code was closed or reloaded/.test(line)));
      assert.match(historyState(record, undefined).words, /^Resumed after a reload\. Done: 2 variations$/);
      await until('the run is off the list and its lease freed', async () =>
        (await new UnfinishedRunFiles(root).list()).length === 0 && (await fs.readdir(path.join(root, 'leases'))).length === 0,
      );
    } finally {
      scan.dispose();
    }
  });

  it('downloads only the results still missing when the reload came mid-download, from a fresh link', async () => {
    emulator.injectFault({ endpoint: 'download', kind: 'hang' });
    const first = openWindow('first');
    const started = await start(first.runs);
    const id = started.record.id;
    await until('one result arrived', async () => (await loadRecord(id))?.results.some((r) => r.status === 'ready') === true);
    first.runs.dispose();
    await started.completion;
    const before = await loadRecord(id);
    assert.equal(before?.phase, 'downloading');
    const arrived = before.results.find((r) => r.status === 'ready')!;

    const downloadsBefore = downloads().length;
    const polls = seen.filter((r) => r.url.includes('/api/results/')).length;
    const second = openWindow('second');
    const finished = finishedIn(second.runs, id);
    assert.equal(await second.runs.recover(id), 'resume');
    const record = await finished;
    assert.equal(record.phase, 'done');
    assert.equal(record.results.filter((r) => r.status === 'ready').length, 2);
    assert.deepEqual(record.results.find((r) => r.index === arrived.index), arrived, 'the result that had arrived is kept as it was');
    assert.equal(downloads().length - downloadsBefore, 1, 'only the missing one was downloaded');
    assert.equal(seen.filter((r) => r.url.includes('/api/results/')).length - polls, 1, 'one look at the server record for a fresh link');
    assert.equal(paidCalls().length, 1);
  });

  it('lets exactly one of two windows resume a run whose window crashed, and shows it as running in another window in the other', async () => {
    const id = await cutOffWhileGenerating(1_000);
    // The crashed window's lease is still there, its heartbeat 21 s old.
    const crashed = new RunLeases({ root, owner: 'crashed' });
    assert.ok(await crashed.acquire(id));
    crashed.dispose();
    const folder = path.join(root, 'leases', id);
    const old = new Date(Date.now() - LEASE_STALE_MS - 1_000);
    for (const name of await fs.readdir(folder)) {
      await fs.utimes(path.join(folder, name), old, old);
    }
    const b = openWindow('b');
    const c = openWindow('c');
    const finishedB = finishedIn(b.runs, id);
    const finishedC = finishedIn(c.runs, id);
    const outcomes = await Promise.all([b.runs.recover(id), c.runs.recover(id)]);
    assert.deepEqual([...outcomes].sort(), ['elsewhere', 'resume'], outcomes.join(', '));
    const [winner, other] = outcomes[0] === 'resume' ? [b, c] : [c, b];
    const [winnerFinished] = outcomes[0] === 'resume' ? [finishedB, finishedC] : [finishedC, finishedB];

    const shown = await other.runs.get(id);
    assert.equal(shown?.progress.elsewhere, true, 'the other window shows it as running in another window');
    assert.notEqual(shown?.record.phase, 'interrupted');
    assert.equal(toGalleryView(shown.record, shown.progress, { fileSrc: (n) => n, actionLabel }).runNote, 'elsewhere');
    assert.equal(await other.runs.isRunningAnywhere(id), true);

    const record = await winnerFinished;
    assert.equal(record.phase, 'done');
    assert.equal(paidCalls().length, 1, 'resumed once: still one paid call');
    assert.equal(seen.filter((r) => r.url.endsWith('/api/assets')).length, 1, 'and one upload');
    await until('the winner took it off the list', async () => (await new UnfinishedRunFiles(root).list()).length === 0);
    assert.deepEqual(await other.runs.unfinishedIds(), [id], 'the other window still watches it, off the list as it is');
    assert.equal(await other.runs.recover(id), 'finished', 'the other window now sees it finished');
    assert.deepEqual(await other.runs.unfinishedIds(), [], 'and stops watching it');
    assert.equal((await other.runs.get(id))?.record.phase, 'done');
    assert.equal(await winner.runs.isRunningAnywhere(id), false);
  });

  it('marks a run that never sent the paid call interrupted, no credits spent, and never starts it again', async () => {
    const { runs, store } = openWindow('w');
    const id = '20261129T100000000-unpaid';
    await store.createFolder(id);
    await store.save(sampleRecord({ id, phase: 'uploading', apiOrigin }));
    await new UnfinishedRunFiles(root).add(id);
    assert.equal(await runs.recover(id), 'interrupted-unpaid');
    const record = (await runs.get(id))!.record;
    assert.equal(record.phase, 'interrupted');
    assert.equal((await loadRecord(id))?.phase, 'interrupted');
    const state = toGalleryView(record, {}, { fileSrc: (n) => n, actionLabel }).state;
    assert.deepEqual(state, { kind: 'interrupted', mayBeCharged: false, actions: [] });
    assert.deepEqual(describeState(toGalleryView(record, {}, { fileSrc: (n) => n, actionLabel }), new Words({}, 'en'), 0).details, ['No credits were spent.']);
    assert.equal(seen.length, 0, 'nothing was sent: no upload, no paid call');
    assert.deepEqual(await new UnfinishedRunFiles(root).list(), []);
  });

  it('marks a run whose paid call went out with no record id interrupted, saying credits may have been spent', async () => {
    const { runs, store } = openWindow('w');
    const id = '20261129T100000000-paidno';
    await store.createFolder(id);
    await store.save(sampleRecord({ id, phase: 'generating', generateStartedAt: Date.now(), apiOrigin }));
    await new UnfinishedRunFiles(root).add(id);
    const got = await runs.get(id);
    assert.equal(got?.record.phase, 'interrupted');
    const view = toGalleryView(got.record, {}, { fileSrc: (n) => n, actionLabel });
    assert.deepEqual(describeState(view, new Words({}, 'en'), 0).details, ['Credits may have been spent: the server may have finished the run.']);
    assert.equal(paidCalls().length, 0, 'never sent again');
  });

  it('leaves a run made through another API as it is, with words saying why, and resumes it once the setting points back', async () => {
    const id = await cutOffWhileGenerating(300);
    apiOrigin = 'https://elsewhere.example';
    const second = openWindow('second');
    assert.equal(await second.runs.recover(id), 'other-api');
    const shown = (await second.runs.get(id))!.record;
    assert.match(describeRunFailure(shown.failure), new RegExp(`made through ${emulator.apiBaseUrl.replace(/[.]/g, '\\.')}, but the setting fluxRedux.apiBaseUrl now points elsewhere`));
    assert.equal((await loadRecord(id))?.phase, 'generating', 'left on disk as it was');
    assert.deepEqual(await new UnfinishedRunFiles(root).list(), [id], 'still on the list');
    assert.equal(seen.filter((r) => r.url.includes('elsewhere.example')).length, 0, 'the key went nowhere else');

    apiOrigin = emulator.apiBaseUrl;
    const third = openWindow('third');
    const finished = finishedIn(third.runs, id);
    assert.equal(await third.runs.recover(id), 'resume');
    assert.equal((await finished).phase, 'done');
    assert.equal(paidCalls().length, 1);
  });

  it('holds the lease of a run while Fetch Results Later looks and downloads, so a reload meanwhile leaves it resumable', async () => {
    emulator.setLatency({ generationMs: 300 });
    const { runs, leases } = openWindow('w');
    let id = '';
    beforeRequest = (request) => {
      if (request.url.includes('/api/results/')) {
        runs.cancel(id);
      }
    };
    const started = await start(runs);
    id = started.record.id;
    assert.equal((await started.completion).phase, 'cancelled');
    await until('the cancelled run is off the list', async () => (await new UnfinishedRunFiles(root).list()).length === 0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const during: string[] = [];
    beforeRequest = async (request) => {
      if (request.url.includes('/api/results/')) {
        during.push(await leases.state(id), (await new UnfinishedRunFiles(root).list()).join());
      }
    };
    await runs.fetchLater(id);
    assert.deepEqual(during, ['mine', id], 'held and listed while it looked');
    assert.equal((await runs.get(id))?.record.phase, 'done');
    assert.equal(await leases.state(id), 'free');
    assert.deepEqual(await new UnfinishedRunFiles(root).list(), []);
  });

  it('decides from the record alone: resume only with a record id, the paid call out, and the same API', () => {
    const base = sampleRecord({ phase: 'generating', apiOrigin: 'https://api.1min.ai' });
    assert.deepEqual(decideRecovery({ ...base, phase: 'queued' }, 'https://api.1min.ai', true), { kind: 'interrupted-unpaid' });
    assert.deepEqual(decideRecovery({ ...base, generateStartedAt: 1 }, 'https://api.1min.ai', true), { kind: 'interrupted-paid' });
    const accepted = { ...base, generateStartedAt: 1, recordId: 'rec-1' };
    assert.deepEqual(decideRecovery(accepted, 'https://api.1min.ai', true), { kind: 'resume', recordId: 'rec-1' });
    assert.deepEqual(decideRecovery(accepted, 'http://127.0.0.1:9', true), { kind: 'other-api', apiOrigin: 'https://api.1min.ai' });
    assert.deepEqual(decideRecovery(accepted, 'https://api.1min.ai', false), { kind: 'interrupted-paid' });
    assert.deepEqual(decideRecovery({ ...accepted, phase: 'done' }, 'https://api.1min.ai', true), { kind: 'finished' });
  });
});
