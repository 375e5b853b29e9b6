import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { VariationClient } from '../../src/runs/generationRun';
import { RunQueue } from '../../src/runs/queue';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const client: VariationClient = {
  uploadAsset: async () => ({ path: 'images/x.png' }),
  generateVariations: async () => ({ recordId: 'rec-1', resultPaths: ['r.png'] }),
  downloadResult: async () => ({ bytes: new Uint8Array([9]), format: 'png', width: 8, height: 8, extension: 'png' }),
};

describe('the bytes of finished runs are released', () => {
  let root: string;
  let runs: RunManager;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-release-'));
    runs = new RunManager(
      {
        store: new GenerationStore(nodeStoreFileSystem(root)),
        createClient: () => client,
        describe: (error) => ({ kind: 'internal', facts: { what: 'internal' }, logText: String(error), actions: [], cancelled: false, unknownAsset: false }),
        now: () => Date.UTC(2026, 10, 23, 10, 0, 0),
        random: Math.random,
        log: () => undefined,
      },
      new RunQueue(1),
    );
  });
  afterEach(async () => {
    runs.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  /** Starts a run on 4 MB of upload and returns a weak reference to them, and the run's completion. */
  async function startRun(): Promise<{ upload: WeakRef<Uint8Array>; id: string; completion: Promise<unknown> }> {
    const bytes = new Uint8Array(4 * 1024 * 1024);
    const { record, completion } = await runs.start({
      source: { uri: 'file:///w/x.png', name: 'x.png', format: 'png', width: 8, height: 8, bytes: 3 },
      sourceBytes: new Uint8Array([1, 2, 3]),
      upload: { bytes, fileName: 'x.png', mimeType: 'image/png' },
      model: 'black-forest-labs/flux-redux-dev',
      options: {
        format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 28, seed: 1,
        output_quality: 80, disable_safety_checker: false, megapixels: '1',
      },
      apiOrigin: 'http://127.0.0.1:1',
    });
    return { upload: new WeakRef(bytes), id: record.id, completion };
  }

  it('lets the upload go once the run is done, keeping the stored source copy for Reproduce', async () => {
    const { upload, id, completion } = await startRun();
    await completion;
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.equal(upload.deref(), undefined, 'a finished run holds no upload bytes');
    assert.equal((await runs.get(id))?.record.phase, 'done', 'the run itself is still known');
    assert.deepEqual([...(await fs.readFile(path.join(root, 'generations', id, 'source.png')))], [1, 2, 3]);
  });
});
