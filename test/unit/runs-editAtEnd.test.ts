/**
 * An edit of a run's record (a thumbnail named, a favourite) that comes just as the run ends: the
 * run's last phase is in memory a moment before its write is on disk, and the edit, which reads
 * the record on disk, must not bring the older phase back. Found in the real VS Code: a run
 * refused with a 401 read as still uploading, and the status bar counted it as running.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { failureFromHttpStatus } from '../../src/api/failures';
import type { VariationClient } from '../../src/runs/generationRun';
import type { LeaseState, RunOwnership } from '../../src/runs/lease';
import { RunQueue } from '../../src/runs/queue';
import type { GenerationRecord } from '../../src/runs/record';
import { describeFailure } from '../../src/runs/runFailure';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const SOURCE = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('an edit of a run that has just ended', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-edit-at-end-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const pause = () => new Promise((resolve) => setTimeout(resolve, 30));

  /** A window's leases whose check (before every write of a live run) takes a moment. */
  const slowLeaseChecks = (): RunOwnership => ({
    acquire: async (generationId) => ({
      generationId,
      held: true,
      confirm: async () => {
        await pause();
        return true;
      },
      onLost: () => undefined,
      release: async () => undefined,
      releaseNow: () => undefined,
    }),
    state: async (): Promise<LeaseState> => 'free',
    isRunning: async () => false,
    dispose: () => undefined,
  });

  const slowness = [
    // The write of the failure waits on the lease check: nothing of it is queued on the disk yet.
    { name: 'its lease check is slow', store: () => new GenerationStore(nodeStoreFileSystem(root)), ownership: slowLeaseChecks },
    // The write is queued and slow to land.
    {
      name: 'the disk is slow',
      store: () => {
        const disk = nodeStoreFileSystem(root);
        return new GenerationStore({ ...disk, rename: async (from, to) => { await pause(); return disk.rename(from, to); } });
      },
      ownership: (): RunOwnership | undefined => undefined,
    },
  ];

  for (const slow of slowness) {
    it(`waits for the run's last write (${slow.name}): a run refused at upload stays failed, in memory and on disk`, async () => {
      const store = slow.store();
      const refused: VariationClient = {
        uploadAsset: async () => {
          throw failureFromHttpStatus(401, '{"message":"API Key has been deleted"}', 'application/json', {
            operation: 'upload', secrets: [], mayHaveRun: false,
          });
        },
        generateVariations: async () => assert.fail('never generates'),
        downloadResult: async () => assert.fail('never downloads'),
      };
      const runs = new RunManager(
        { store, createClient: () => refused, describe: describeFailure, now: () => Date.now(), random: Math.random, log: () => undefined, ownership: slow.ownership() },
        new RunQueue(1),
      );
      try {
        const { record, completion } = await runs.start({
          source: { uri: 'file:///w/pier.png', name: 'pier.png', format: 'png', width: 4, height: 3, bytes: SOURCE.length },
          sourceBytes: SOURCE,
          upload: { bytes: SOURCE, fileName: 'pier.png', mimeType: 'image/png' },
          model: 'black-forest-labs/flux-redux-dev',
          options: { format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 28, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
          apiOrigin: 'https://api.1min.ai',
        });
        // The moment the failure is in memory (the live record is the run's own copy), edit it.
        let edit: Promise<GenerationRecord | undefined> | undefined;
        while (!edit) {
          const live = (await runs.get(record.id))?.record;
          if (live?.phase === 'failed') {
            assert.notEqual((await store.load(record.id))?.phase, 'failed', 'the edit comes before the failure is on disk');
            edit = runs.updateRecord(record.id, (stored) => {
              stored.favourite = true;
            });
          } else {
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        const edited = await edit;
        const finished = await completion;
        assert.equal(edited?.phase, 'failed');
        assert.equal(finished.phase, 'failed');
        assert.equal(finished.favourite, true);
        const onDisk = await store.load(record.id);
        assert.equal(onDisk?.phase, 'failed', 'the failure is on disk');
        assert.equal(onDisk?.failure?.kind, 'unauthorized');
        assert.equal(onDisk?.favourite, true, 'and so is the edit');
      } finally {
        runs.dispose();
      }
    });
  }
});
