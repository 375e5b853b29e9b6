import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { OneMinClient } from '../../src/api/client';
import type { GenerationMode } from '../../src/api/requestBody';
import { toGalleryView } from '../../src/gallery/viewModel';
import type { VariationOptions } from '../../src/options/types';
import { PaidCallLedger, type PaidCallStore } from '../../src/runs/paidCalls';
import { RunQueue } from '../../src/runs/queue';
import type { GenerationRecord } from '../../src/runs/record';
import { actionLabel } from '../../src/runs/runActions';
import { RunCostMeter } from '../../src/runs/runCost';
import { describeFailure } from '../../src/runs/runFailure';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { type Emulator, startEmulator } from '../emulator';
import { requestFeatures, requestResult, uploadAsset, variatorBody } from '../emulator/testkit';
import { pngBytes } from './api-helpers';
import { generationBody } from './emulator-answers';
import { fastClock } from './support/fastClock';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '1:1', num_outputs: 2, num_inference_steps: 4, seed: 3,
  output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
};
const PER_OUTPUT = 7_500;

/** globalState as one window sees it: a plain map. */
function memoryStore(): PaidCallStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key, value) => {
      values.set(key, value);
    },
  };
}

describe('the emulator: usedCredit lags one request', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  it('shows in a paid call\'s answer the total before that call was billed, and in the next answer the total with it', async () => {
    const upload = await uploadAsset(emulator, Buffer.from(pngBytes(8, 8)));
    const imageUrl = (upload.json as { fileContent: { path: string } }).fileContent.path;
    const billedBefore = emulator.billedCredit();
    const paid = generationBody(await requestFeatures(emulator, variatorBody({ imageUrl, num_outputs: 3 }))).aiRecord;
    assert.equal(paid.teamUser.usedCredit, billedBefore, 'the paid call\'s own answer does not include its cost');
    assert.equal(emulator.billedCredit(), billedBefore + 3 * PER_OUTPUT, 'billed per output');
    const later = generationBody(await requestResult(emulator, paid.uuid)).aiRecord;
    assert.equal(later.teamUser.usedCredit, billedBefore + 3 * PER_OUTPUT);
  });
});

describe('PaidCallLedger', () => {
  it('counts paid calls per origin, and a mark stays latest only until another call to that origin is noted', async () => {
    let now = 1_000;
    const store = memoryStore();
    const ledger = new PaidCallLedger(store, () => now);
    const first = await ledger.note('https://api.1min.ai');
    assert.deepEqual(first, { apiOrigin: 'https://api.1min.ai', seq: 1, at: 1_000 });
    now = 2_000;
    await ledger.note('http://127.0.0.1:9');
    assert.equal(ledger.isLatest(first), true, 'another origin does not count');
    now = 3_000;
    const second = await new PaidCallLedger(store, () => now).note('https://api.1min.ai');
    assert.equal(second.seq, 2);
    assert.equal(ledger.isLatest(first), false, 'another window\'s call counts');
    assert.equal(ledger.noOtherUntil(first, 2_500), true, 'one call after the reading does not');
    assert.equal(ledger.noOtherUntil(first, 3_000), false, 'one call before the reading does');
  });

  it('tells apart two windows that wrote the same next number (a lost update), by the time', async () => {
    const store = memoryStore();
    const mine = await new PaidCallLedger(store, () => 5_000).note('https://api.1min.ai');
    // The other window had not seen this note yet, and wrote the same number over it.
    store.values.set('fluxRedux.paidCalls', { 'https://api.1min.ai': { seq: mine.seq, at: 5_001 } });
    assert.equal(new PaidCallLedger(store, () => 6_000).isLatest(mine), false);
  });
});

describe('runs: the cost of a run, from the account\'s lagging figures', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let root: string;
  let store: GenerationStore;
  let globalState: ReturnType<typeof memoryStore>;
  let logLines: string[];

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    emulator.setLatency({});
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-cost-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    globalState = memoryStore();
    logLines = [];
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  function manager(mode: GenerationMode, concurrency = 2, beforeReading?: () => Promise<void>): RunManager {
    const clock = fastClock(100);
    const client = new OneMinClient({
      fetch: globalThis.fetch,
      getApiKey: async () => emulator.apiKey,
      apiBaseUrl: emulator.apiBaseUrl,
      assetBaseUrls: emulator.assetBaseUrls,
      requestTimeoutMs: 300_000,
      generationMode: mode,
      now: clock.now,
      sleep: clock.sleep,
    });
    // The later reading of the account's figure is a GET of the record (fetchResult); a test may hold it back.
    const fetchResult = client.fetchResult.bind(client);
    client.fetchResult = async (...args) => {
      await beforeReading?.();
      return fetchResult(...args);
    };
    return new RunManager(
      {
        store,
        createClient: () => client,
        describe: describeFailure,
        costMeter: new RunCostMeter({
          ledger: new PaidCallLedger(globalState, () => Date.now()),
          now: () => Date.now(),
          sleep: async () => undefined,
          settleMs: 0,
          log: (m) => logLines.push(m),
        }),
        now: () => Date.now(),
        random: Math.random,
        log: (m) => logLines.push(m),
      },
      new RunQueue(concurrency),
    );
  }

  async function start(runs: RunManager, numOutputs = OPTIONS.num_outputs) {
    const bytes = pngBytes(40, 30);
    return runs.start({
      source: { uri: 'file:///w/pier.png', name: 'pier.png', format: 'png', width: 40, height: 30, bytes: bytes.length },
      sourceBytes: bytes,
      upload: { bytes, fileName: 'pier.png', mimeType: 'image/png' },
      model: 'black-forest-labs/flux-redux-dev',
      options: { ...OPTIONS, num_outputs: numOutputs },
      apiOrigin: emulator.apiBaseUrl,
    });
  }

  const view = (record: GenerationRecord) => toGalleryView(record, {}, { fileSrc: (name) => name, actionLabel });

  for (const mode of ['sync', 'async'] as const) {
    it(`one run alone (${mode} mode): its cost is what the emulator billed, stored and sent to the gallery`, async () => {
      const runs = manager(mode);
      try {
        const billedBefore = emulator.billedCredit();
        const finished = await (await start(runs, 3)).completion;
        const billed = emulator.billedCredit() - billedBefore;
        assert.equal(finished.phase, 'done');
        assert.equal(billed, 3 * PER_OUTPUT);
        assert.deepEqual(finished.cost, { credits: billed });
        assert.equal(finished.credits?.usedAtPaidCall, billedBefore);
        assert.equal(finished.credits?.used, billedBefore + billed, 'the account figure is the later reading');
        assert.deepEqual((await store.load(finished.id))?.cost, { credits: billed }, 'on disk');
        const shown = view(finished);
        assert.equal(shown.runCost, billed);
        assert.deepEqual(shown.credits, { used: billedBefore + billed, limit: 100_000_000 }, 'the account figure, without the readings');
        const reads = emulator.requests.filter((r) => r.method === 'GET' && r.path === `/api/results/${finished.recordId}`);
        assert.ok(reads.length >= 1, 'the later reading is a free GET of the record');
      } finally {
        runs.dispose();
      }
    });
  }

  it('keeps another window\'s favourite made between the run\'s end and its cost: the cost is an edit of the record on disk', async () => {
    let favouriteWritten: Promise<unknown> | undefined;
    let startFavourite: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      startFavourite = resolve;
    });
    // The cost's reading waits until the other window has marked a favourite on the ended run.
    const runs = manager('sync', 2, async () => {
      await ended;
      await favouriteWritten;
    });
    const otherWindow = new GenerationStore(nodeStoreFileSystem(root));
    const subscription = runs.onDidChange((record) => {
      if (record.phase === 'done' && favouriteWritten === undefined) {
        favouriteWritten = otherWindow.update(record.id, (stored) => {
          stored.results[0].favourite = true;
        });
        startFavourite();
      }
    });
    try {
      const finished = await (await start(runs, 2)).completion;
      assert.ok(favouriteWritten, 'the run ended with done');
      await favouriteWritten;
      for (let waited = 0; (await store.load(finished.id))?.cost === undefined && waited < 100; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const onDisk = await store.load(finished.id);
      assert.ok(onDisk?.cost, 'the cost was stored');
      assert.equal(onDisk.results[0].favourite, true, 'the other window\'s favourite is still there');
    } finally {
      subscription.dispose();
      runs.dispose();
    }
  });

  it('a run that another window\'s paid call overlapped has no cost; the account figure is still shown', async () => {
    emulator.setLatency({ generationMs: 400 });
    const runs = manager('async');
    try {
      const started = await start(runs);
      // Another window, same origin: it notes its paid call in the shared globalState and sends it.
      const upload = await uploadAsset(emulator, Buffer.from(pngBytes(8, 8)));
      const imageUrl = (upload.json as { fileContent: { path: string } }).fileContent.path;
      for (let i = 0; i < 200 && !emulator.requests.some((r) => r.path === '/api/features'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new PaidCallLedger(globalState, () => Date.now()).note(emulator.apiBaseUrl);
      await requestFeatures(emulator, variatorBody({ imageUrl, num_outputs: 1, async: true }));
      const finished = await started.completion;
      assert.equal(finished.phase, 'done');
      assert.equal(finished.cost, undefined);
      assert.equal(view(finished).runCost, undefined);
      assert.ok(finished.credits && finished.credits.used > 0 && finished.credits.limit > 0);
      assert.ok(view(finished).credits);
      assert.ok(logLines.some((line) => /another paid call went out/.test(line)));
    } finally {
      runs.dispose();
    }
  });

  it('two overlapping runs of one window: the one overlapped has no cost, and a cost told is exactly its own', async () => {
    emulator.setLatency({ generationMs: 300 });
    const runs = manager('async', 2);
    try {
      const first = await start(runs, 1);
      const second = await start(runs, 2);
      const records = await Promise.all([first.completion, second.completion]);
      assert.deepEqual(records.map((r) => r.phase), ['done', 'done']);
      assert.ok(records.some((r) => r.cost === undefined), 'the run whose paid call went out first was overlapped');
      for (const record of records) {
        assert.ok(record.credits, 'the account figure is kept either way');
        if (record.cost) {
          assert.equal(record.cost.credits, record.options.num_outputs * PER_OUTPUT);
        }
      }
    } finally {
      runs.dispose();
    }
  });
});
