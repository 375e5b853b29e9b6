import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { OneMinClient } from '../../src/api/client';
import { toGalleryView } from '../../src/gallery/viewModel';
import type { VariationOptions } from '../../src/options/types';
import { describeRunFailure } from '../../src/runs/failureText';
import { RunQueue } from '../../src/runs/queue';
import type { GenerationRecord } from '../../src/runs/record';
import { actionLabel, canFetchLater } from '../../src/runs/runActions';
import { describeFailure } from '../../src/runs/runFailure';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { type Emulator, startEmulator } from '../emulator';
import { pngBytes } from './api-helpers';
import { type FastClock, type SeenRequest, fastClock, watchingFetch } from './support/fastClock';
import { nodeStoreFileSystem } from './support/nodeStoreFs';
import { emulatorClient } from './api-helpers';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '1:1', num_outputs: 2, num_inference_steps: 4, seed: 3,
  output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
};

describe('runs: an asynchronous run, Cancel and Fetch Results Later', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let root: string;
  let store: GenerationStore;
  let clock: FastClock;
  let seen: SeenRequest[];
  let logLines: string[];
  let beforeRequest: ((request: SeenRequest) => Promise<void> | void) | undefined;
  let apiOrigin: string;
  let runs: RunManager;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    emulator.setLatency({});
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-async-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    clock = fastClock(100);
    seen = [];
    logLines = [];
    beforeRequest = undefined;
    apiOrigin = emulator.apiBaseUrl;
    const client = emulatorClient(emulator, {
      fetch: watchingFetch(clock, seen, (request) => beforeRequest?.(request)),
      requestTimeoutMs: 300_000,
      // The client's own default, as before: only the request time-out is stretched for the slow clock.
      transferTimeoutMs: undefined,
      generationMode: 'async',
      now: clock.now,
      sleep: clock.sleep,
      log: { info: (m) => logLines.push(m), warn: (m) => logLines.push(m), error: (m) => logLines.push(m) },
    });
    runs = new RunManager(
      {
        store,
        createClient: () => client,
        describe: describeFailure,
        now: () => Date.now(),
        random: Math.random,
        log: (m) => logLines.push(m),
        currentApiOrigin: () => apiOrigin,
      },
      new RunQueue(2),
    );
  });
  afterEach(async () => {
    runs.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const polls = () => seen.filter((r) => r.url.includes('/api/results/'));
  const paidCalls = () => seen.filter((r) => r.url.endsWith('/api/features'));

  async function start() {
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

  function view(record: GenerationRecord) {
    return toGalleryView(record, {}, { fileSrc: (name) => name, actionLabel });
  }

  it('writes the record id to disk before the first poll, and logs the mode', async () => {
    emulator.setLatency({ generationMs: 100 });
    const onDiskAtFirstPoll: Array<GenerationRecord | undefined> = [];
    let id = '';
    beforeRequest = async (request) => {
      if (request.url.includes('/api/results/') && onDiskAtFirstPoll.length === 0) {
        onDiskAtFirstPoll.push(await store.load(id));
      }
    };
    const started = await start();
    id = started.record.id;
    const finished = await started.completion;
    assert.equal(finished.phase, 'done');
    const stored = onDiskAtFirstPoll[0];
    assert.ok(stored?.recordId, 'the record id was on disk');
    assert.equal(stored.recordId, finished.recordId);
    assert.equal(stored.generationMode, 'async');
    assert.equal(typeof stored.pollingSince, 'number');
    assert.equal(stored.phase, 'generating');
    assert.ok(logLines.some((line) => line.includes(`Generation ${id}: made in async mode, record ${finished.recordId}`)));
    assert.equal(finished.results.filter((r) => r.status === 'ready').length, 2);
  });

  it('keeps the record id on Cancel, offers Fetch Results Later, and fetches the results with no new paid call', async () => {
    emulator.setLatency({ generationMs: 400 });
    let id = '';
    beforeRequest = (request) => {
      if (request.url.includes('/api/results/') && polls().length === 2) {
        runs.cancel(id);
      }
    };
    const started = await start();
    id = started.record.id;
    const cancelled = await started.completion;
    assert.equal(cancelled.phase, 'cancelled');
    assert.ok(cancelled.recordId);
    assert.equal((await store.load(id))?.recordId, cancelled.recordId, 'kept on disk');
    const state = view(cancelled).state;
    assert.deepEqual(state.kind === 'cancelled' && state.actions, [{ id: 'fetchLater', label: 'Fetch Results Later' }]);
    assert.equal(state.kind === 'cancelled' && state.mayBeCharged, true);

    await new Promise((resolve) => setTimeout(resolve, 500));
    beforeRequest = undefined;
    const pollsBefore = polls().length;
    await runs.fetchLater(id);
    const fetched = (await runs.get(id))!.record;
    assert.equal(fetched.phase, 'done');
    assert.equal(fetched.results.filter((r) => r.status === 'ready').length, 2);
    for (const result of fetched.results) {
      await fs.access(path.join(root, 'generations', id, result.file!));
    }
    assert.equal(polls().length - pollsBefore, 1, 'one poll');
    assert.equal(paidCalls().length, 1, 'no new generation');
    assert.equal(canFetchLater(fetched), false, 'not offered once the results are in');
  });

  it('says the record is still being made when Fetch Results Later comes too early, and offers it again', async () => {
    emulator.setLatency({ generationMs: 5_000 });
    let id = '';
    beforeRequest = (request) => {
      if (request.url.includes('/api/results/')) {
        runs.cancel(id);
      }
    };
    const started = await start();
    id = started.record.id;
    await started.completion;
    beforeRequest = undefined;
    await runs.fetchLater(id);
    const record = (await runs.get(id))!.record;
    assert.equal(record.phase, 'failed');
    assert.equal(record.failure?.kind, 'still-processing');
    assert.deepEqual(record.failure?.facts, { what: 'still-processing' }, 'facts on disk, not a sentence');
    assert.equal(record.failure?.message, undefined);
    assert.match(describeRunFailure(record.failure), /still making these variations/);
    assert.ok(canFetchLater(record));
    const state = view(record).state;
    assert.ok(state.kind === 'failed' && state.actions.some((action) => action.id === 'fetchLater'));
    assert.equal(paidCalls().length, 1);
  });

  it('offers Fetch Results Later when the wait timed out', async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'not-success' });
    runs = new RunManager(
      {
        store,
        createClient: () =>
          new OneMinClient({
            fetch: globalThis.fetch,
            getApiKey: async () => emulator.apiKey,
            apiBaseUrl: emulator.apiBaseUrl,
            assetBaseUrls: emulator.assetBaseUrls,
            requestTimeoutMs: 20_000,
            generationMode: 'async',
            now: clock.now,
            sleep: clock.sleep,
          }),
        describe: describeFailure,
        now: () => Date.now(),
        random: Math.random,
        log: () => undefined,
      },
      new RunQueue(1),
    );
    const record = await (await start()).completion;
    assert.equal(record.phase, 'failed');
    assert.equal(record.failure?.kind, 'timeout');
    assert.deepEqual(record.failure?.facts, { what: 'poll-timeout', operation: 'generate', seconds: 20 });
    assert.ok(record.recordId);
    assert.equal(record.failure?.recordId, record.recordId, 'the record id is kept with the failure');
    assert.match(describeRunFailure(record.failure), /had not finished the variations after 20 s/);
    assert.ok(canFetchLater(record));
    const state = view(record).state;
    assert.equal(state.kind === 'failed' && state.actions[0].id, 'fetchLater');
  });

  it('does not ask another API for the record than the one that accepted it', async () => {
    let id = '';
    beforeRequest = (request) => {
      if (request.url.includes('/api/results/')) {
        runs.cancel(id);
      }
    };
    emulator.setLatency({ generationMs: 2_000 });
    const started = await start();
    id = started.record.id;
    await started.completion;
    beforeRequest = undefined;
    apiOrigin = 'https://api.1min.ai';
    const pollsBefore = polls().length;
    await runs.fetchLater(id);
    const record = (await runs.get(id))!.record;
    assert.equal(record.failure?.kind, 'other-api');
    assert.deepEqual(record.failure?.facts, { what: 'other-api', apiOrigin: emulator.apiBaseUrl });
    assert.match(describeRunFailure(record.failure), /fluxRedux\.apiBaseUrl/);
    assert.equal(polls().length, pollsBefore, 'nothing asked');
  });
});
