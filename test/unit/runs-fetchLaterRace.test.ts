import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { VariationOptions } from '../../src/options/types';
import { RunQueue } from '../../src/runs/queue';
import { describeFailure } from '../../src/runs/runFailure';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { type UnfinishedRuns, inCallOrder } from '../../src/runs/unfinishedRuns';
import { type Emulator, startEmulator } from '../emulator';
import { emulatorClient, pngBytes } from './api-helpers';
import { type SeenRequest, fastClock, watchingFetch } from './support/fastClock';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 4, seed: 3,
  output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
};

/** The list as files behave: a removal takes effect only when its slow file operation lands. */
class SlowRemovals implements UnfinishedRuns {
  readonly ids = new Set<string>();
  readonly removals: Promise<void>[] = [];
  onRemove?: (generationId: string) => void;

  add(generationId: string): Promise<void> {
    this.ids.add(generationId);
    return Promise.resolve();
  }

  remove(generationId: string): Promise<void> {
    this.onRemove?.(generationId);
    const removal = new Promise((resolve) => setTimeout(resolve, 150)).then(() => void this.ids.delete(generationId));
    this.removals.push(removal);
    return removal;
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.ids].sort());
  }
}

describe('runs: a run that ends the moment Fetch Results Later starts', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let root: string;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-fetch-race-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('keeps the run on the list of unfinished runs while the fetch is live, and takes it off when the fetch ends', async () => {
    emulator.setLatency({ generationMs: 400 });
    const clock = fastClock(100);
    const seen: SeenRequest[] = [];
    let beforeRequest: ((request: SeenRequest) => Promise<void> | void) | undefined;
    const client = emulatorClient(emulator, {
      fetch: watchingFetch(clock, seen, (request) => beforeRequest?.(request)),
      requestTimeoutMs: 300_000,
      generationMode: 'async',
      now: clock.now,
      sleep: clock.sleep,
    });
    const unfinished = new SlowRemovals();
    const runs = new RunManager(
      {
        store: new GenerationStore(nodeStoreFileSystem(root)),
        createClient: () => client,
        describe: describeFailure,
        now: () => Date.now(),
        random: Math.random,
        log: () => undefined,
        currentApiOrigin: () => emulator.apiBaseUrl,
        unfinished,
      },
      new RunQueue(1),
    );
    try {
      const bytes = pngBytes(40, 30);
      const started = await runs.start({
        source: { uri: 'file:///w/pier.png', name: 'pier.png', format: 'png', width: 40, height: 30, bytes: bytes.length },
        sourceBytes: bytes,
        upload: { bytes, fileName: 'pier.png', mimeType: 'image/png' },
        model: 'black-forest-labs/flux-redux-dev',
        options: OPTIONS,
        apiOrigin: emulator.apiBaseUrl,
      });
      const id = started.record.id;
      let polls = 0;
      beforeRequest = (request) => {
        if (request.url.includes('/api/results/') && ++polls === 2) {
          runs.cancel(id);
        }
      };
      // The user presses Fetch Results Later as the cancelled run takes itself off the list.
      let fetching: Promise<void> | undefined;
      unfinished.onRemove = (removedId) => {
        fetching ??= runs.fetchLater(removedId);
      };
      assert.equal((await started.completion).phase, 'cancelled');
      let listedWhileFetching: string[] | undefined;
      beforeRequest = async (request) => {
        if (request.url.includes('/api/results/') && listedWhileFetching === undefined) {
          // By the fetch's poll, the ended run's removal has landed.
          await Promise.all(unfinished.removals);
          listedWhileFetching = await unfinished.list();
        }
      };
      for (let waited = 0; fetching === undefined && waited < 100; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(fetching, 'the run took itself off the list');
      await fetching;
      assert.deepEqual(listedWhileFetching, [id], 'a reload during the fetch would resume it');
      await Promise.all(unfinished.removals);
      assert.deepEqual(await unfinished.list(), [], 'off the list once the fetch ended');
    } finally {
      runs.dispose();
    }
  });
});

describe('runs/unfinishedRuns: edits in call order', () => {
  it('applies a run\'s remove and a later add in the order asked, however long the remove takes', async () => {
    const slow = new SlowRemovals();
    const list = inCallOrder(slow);
    await list.add('a');
    const removal = list.remove('a');
    const addition = list.add('a');
    await Promise.all([removal, addition]);
    assert.deepEqual(await list.list(), ['a']);
  });
});
