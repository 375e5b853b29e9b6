import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { toGalleryView, type ViewContext } from '../../src/gallery/viewModel';
import { MAX_RESULT_MB } from '../../src/api/resultDownload';
import { RecordingProbe } from '../../src/probe';
import { nodeStoreFileSystem } from '../../src/runs/nodeStoreFs';
import { GenerationStore } from '../../src/runs/store';
import type { StoreWriteFailure } from '../../src/runs/storeWrite';
import { HELD_IMAGE_MAX_BYTES, isHostMessage } from '../../src/shared/protocol';
import { sampleRecord } from './sampleRecord';

const context: ViewContext = { fileSrc: (name) => `https://webview/${name}`, actionLabel: (id) => id };
const ID = '20261123T100000-abcdef';

/** A result global storage refused, from the view model to the webview's edge check. */
describe('results kept only in memory, in the gallery', () => {
  it('names no file for a result storage refused, and marks it not stored', () => {
    const view = toGalleryView(sampleRecord({
      phase: 'done',
      results: [
        { id: 'r1', index: 1, status: 'ready', file: 'variation-1.png', format: 'png' },
        { id: 'r2', index: 2, status: 'ready', file: 'variation-2.png', format: 'png', notStored: 'disk-full' },
      ],
    }), {}, context);
    assert.deepEqual(view.results.map((r) => [r.src, r.notStored]), [
      ['https://webview/variation-1.png', undefined],
      [undefined, true],
    ], 'a webview URI of a file that does not exist was the broken image');
  });

  it('lets the webview take held bytes only as a known image format, for a result id, within the download limit', () => {
    const held = { type: 'heldImage', resultId: 'r2', format: 'png', bytes: new Uint8Array([137, 80, 78, 71]) };
    assert.equal(isHostMessage(held), true);
    for (const bad of [
      { ...held, format: 'svg' },
      { ...held, format: undefined },
      { ...held, resultId: '../r2' },
      { ...held, bytes: 'data:image/png;base64,iVBORw0KGgo=' },
      { ...held, bytes: [137, 80, 78, 71] },
      { ...held, bytes: new Uint8Array() },
    ]) {
      assert.equal(isHostMessage(bad), false, JSON.stringify(bad));
    }
    assert.equal(HELD_IMAGE_MAX_BYTES, MAX_RESULT_MB * 1024 * 1024, 'the same ceiling as a download');
  });
});

describe('the full disk of test mode (RecordingProbe.storeFaults)', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-storefaults-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('passes writes through until switched on, then refuses them with ENOSPC, leaving no temporary file behind the store', async () => {
    const probe = new RecordingProbe();
    const failures: StoreWriteFailure[] = [];
    const store = new GenerationStore(probe.storeFileSystem(nodeStoreFileSystem(root)), undefined, {
      retry: { delaysMs: [0, 0, 0], sleep: async () => undefined },
      onWriteFailure: (failure) => failures.push(failure),
    });
    await store.createFolder(ID);
    assert.deepEqual(await store.writeResult(ID, 'variation-1.png', new Uint8Array([1, 2, 3])), { stored: true });

    probe.storeFaults.failWrites('ENOSPC');
    assert.deepEqual(await store.writeResult(ID, 'variation-2.png', new Uint8Array([4, 5, 6])), { stored: false, reason: 'disk-full' });
    assert.deepEqual([...await store.readFile(ID, 'variation-2.png')], [4, 5, 6], 'kept in memory');
    assert.deepEqual(failures.map((f) => f.kind), ['result-held']);
    assert.equal(probe.storeFaults.refusedWrites.length, 1, 'ENOSPC is not worth another try');
    assert.deepEqual((await fs.readdir(path.join(root, 'generations', ID))).sort(), ['variation-1.png']);

    probe.storeFaults.heal();
    assert.deepEqual(await store.writeResult(ID, 'variation-3.png', new Uint8Array([7])), { stored: true });
  });

  it('refuses only the writes it is told to', async () => {
    const probe = new RecordingProbe();
    const disk = probe.storeFileSystem(nodeStoreFileSystem(root));
    probe.storeFaults.failWrites('EDQUOT', (relativePath) => relativePath.endsWith('.json'));
    await disk.writeFile('a.png', new Uint8Array([1]));
    await assert.rejects(disk.writeFile('b.json', new Uint8Array([1, 2])), (error: NodeJS.ErrnoException) => error.code === 'EDQUOT');
    assert.deepEqual(probe.storeFaults.refusedWrites, ['b.json']);
    assert.equal((await fs.readFile(path.join(root, 'b.json'))).byteLength, 1, 'left short, as a full disk leaves it');
  });
});
