import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { GenerationStore } from '../../src/runs/store';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const ID = '20261123T100000-abcdef';
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const LIVE_PID = 4242;
const DEAD_PID = 999_999;

describe('temporary files left by a crash are removed at the next start', () => {
  let root: string;
  let store: GenerationStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-leftovers-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    await store.createFolder(ID);
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  async function place(name: string, ageMs: number): Promise<void> {
    const file = path.join(root, 'generations', ID, name);
    await fs.writeFile(file, 'x');
    const at = new Date(NOW - ageMs);
    await fs.utimes(file, at, at);
  }

  it("removes a dead writer's and an abandoned temporary file, and leaves a live window's write and every other file", async () => {
    await place(`variation-1.png.${DEAD_PID}-3.tmp`, 5 * 60_000);
    await place(`record.json.${LIVE_PID}-9.tmp`, 2 * 60 * 60_000);
    await place(`record.json.${LIVE_PID}-10.tmp`, 5 * 60_000);
    await place(`variation-2.png.${DEAD_PID}-4.tmp`, 5_000);
    await place('variation-1.png', 5 * 60 * 60_000);
    await place('notes.tmp', 5 * 60 * 60_000);
    const logged: string[] = [];
    const removed = await store.removeLeftoverTemporaryFiles({
      now: () => NOW,
      isProcessAlive: (pid) => pid === LIVE_PID,
      log: (message) => logged.push(message),
    });
    assert.equal(removed, 2);
    assert.deepEqual((await fs.readdir(path.join(root, 'generations', ID))).sort(), [
      'notes.tmp',
      `record.json.${LIVE_PID}-10.tmp`,
      `variation-1.png`,
      `variation-2.png.${DEAD_PID}-4.tmp`,
    ]);
    assert.match(logged.join('\n'), /Removed 2 temporary file/);
  });
});
