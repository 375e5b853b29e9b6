import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FluxReduxTestApi } from '../../src/extension';
import { activeExtension, exists, logsSay, setUserSetting, waitFor } from './support/extension';
import { gradientPng } from './support/pngFixture';

const MEGABYTE = 1024 * 1024;
/** Each seeded run holds this much, so the cap's arithmetic is ours to choose. */
const RUN_BYTES = 4 * MEGABYTE;
const CAP_SETTING = 'fluxRedux.history.maxStorageMB';

type Phase = 'done' | 'failed' | 'generating';

interface SeededRun {
  id: string;
  createdAt: string;
  phase: Phase;
  favourite?: boolean;
}

/** A generation id for a time: `YYYYMMDDTHHMMSSmmm-xxxxxx`, as the store names folders. */
function idAt(date: Date, suffix: string): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('.', '').replace('Z', '');
  return `${stamp}-${suffix}`;
}

function recordOf(run: SeededRun): unknown {
  return {
    version: 2, id: run.id, createdAt: run.createdAt, updatedAt: run.phase === 'generating' ? new Date().toISOString() : run.createdAt,
    source: { uri: 'file:///elsewhere/capped.png', name: 'capped.png', storedFile: 'source.png', format: 'png', width: 96, height: 64, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 28, seed: 7, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'https://api.1min.ai', phase: run.phase, results: [],
    ...(run.phase === 'failed' ? { failure: { kind: 'internal', actions: [], facts: { what: 'internal' } } } : {}),
    ...(run.favourite ? { favourite: true } : {}),
  };
}

/** Bytes of every file under a folder, the way the cap counts them. */
function bytesUnder(at: string): number {
  const stat = fs.statSync(at, { throwIfNoEntry: false });
  if (!stat) {
    return 0;
  }
  if (!stat.isDirectory()) {
    return stat.size;
  }
  return fs.readdirSync(at).reduce((sum, name) => sum + bytesUnder(path.join(at, name)), 0);
}

describe('The storage cap in the real VS Code', function () {
  let api: FluxReduxTestApi;
  // Oldest first. The old ones are dated 2001, older than any run another suite leaves behind, so
  // they are the first the cap looks at; the newest is dated now, newer than all of those.
  const oldest: SeededRun = { id: '20010101T000000000-capold', createdAt: '2001-01-01T00:00:00.000Z', phase: 'done' };
  const favourite: SeededRun = { id: '20010102T000000000-capfav', createdAt: '2001-01-02T00:00:00.000Z', phase: 'done', favourite: true };
  const second: SeededRun = { id: '20010103T000000000-capsec', createdAt: '2001-01-03T00:00:00.000Z', phase: 'failed' };
  const running: SeededRun = { id: '20010104T000000000-caprun', createdAt: '2001-01-04T00:00:00.000Z', phase: 'generating' };
  const third: SeededRun = { id: '20010105T000000000-capthr', createdAt: '2001-01-05T00:00:00.000Z', phase: 'done' };
  const now = new Date();
  const newest: SeededRun = { id: idAt(now, 'capnew'), createdAt: now.toISOString(), phase: 'done' };
  const seeded = [oldest, favourite, second, running, third, newest];

  const folderOf = (id: string) => vscode.Uri.joinPath(api.globalStorageUri, 'generations', id);
  const leaseOf = (id: string) => vscode.Uri.joinPath(api.globalStorageUri, 'leases', id);

  before(async () => {
    api = await activeExtension();
    for (const run of seeded) {
      const folder = folderOf(run.id);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'source.png'), gradientPng(96, 64));
      // The cap counts every file of a run's folder: one file brings the run to a known size.
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'padding.bin'), new Uint8Array(RUN_BYTES));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'record.json'), new TextEncoder().encode(JSON.stringify(recordOf(run))));
    }
    // Running in another window: its lease (src/runs/lease.ts) is a fresh token file.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(leaseOf(running.id), 'other-window-1'), new Uint8Array());
  });

  after(async () => {
    await setUserSetting(CAP_SETTING, undefined);
    for (const uri of [...seeded.map((run) => folderOf(run.id)), leaseOf(running.id)]) {
      if (await exists(uri)) {
        await vscode.workspace.fs.delete(uri, { recursive: true });
      }
    }
  });

  it('removes the oldest finished runs until under the cap, keeps the newest, the favourite and the running one, and says so', async () => {
    const index = api.historyStorage.index;
    assert.ok(index, 'global storage is on this disk, so the history has its index and cap');
    // What the cap will count: the index's runs (every seeded one among them) and everything beside them.
    const entries = await index.entriesWithBytes();
    for (const run of seeded) {
      const entry = entries.find((e) => e.record.id === run.id);
      assert.ok(entry && entry.bytes !== undefined && entry.bytes >= RUN_BYTES, `${run.id} is indexed with its size`);
    }
    const root = api.globalStorageUri.fsPath;
    const outside = fs.readdirSync(root).filter((name) => name !== 'generations').reduce((sum, name) => sum + bytesUnder(path.join(root, name)), 0);
    const total = outside + entries.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0);
    // Removing one run is not enough and two are (with 1 MB to spare for files written meanwhile),
    // so exactly the oldest and the second oldest removable runs go; the favourite between them stays.
    const capMB = Math.ceil((total - 2 * RUN_BYTES) / MEGABYTE) + 1;
    assert.ok(total - RUN_BYTES > capMB * MEGABYTE, `one removal leaves it over the cap (${total} bytes, cap ${capMB} MB)`);

    await setUserSetting(CAP_SETTING, capMB);

    await waitFor('the cap to remove the two oldest finished runs', async () => !(await exists(folderOf(oldest.id))) && !(await exists(folderOf(second.id))));
    for (const kept of [favourite, running, third, newest]) {
      assert.ok(await exists(folderOf(kept.id)), `${kept.id} stays`);
    }
    assert.ok(bytesUnder(root) <= capMB * MEGABYTE, 'what is left is under the cap');

    await waitFor('the log to name the removed runs', () =>
      logsSay(api.logUri, `over the ${capMB} MB cap (the setting changed): removed 2 oldest runs (8.0 MB): ${oldest.id}, ${second.id}.`));

    const view = await api.history.view.currentView();
    const listed = view.runs.map((run) => run.id);
    assert.ok(!listed.includes(oldest.id) && !listed.includes(second.id), 'the removed runs are no longer listed');
    for (const kept of [favourite, running, third, newest]) {
      assert.ok(listed.includes(kept.id), `${kept.id} is still listed`);
    }
    // Other suites' runs may be listed too (a run they started can end while this test runs): the
    // seeded ones that stay keep their order, newest first.
    const seededKept = listed.filter((id) => [favourite, running, third, newest].some((kept) => kept.id === id));
    assert.deepEqual(seededKept, [newest.id, third.id, running.id, favourite.id], 'newest first');
    assert.ok(['running', 'unfinished'].includes(view.runs.find((run) => run.id === running.id)?.state.kind ?? ''), 'the running one reads as not finished');
    assert.equal(view.storageNote, `The 2 oldest runs (8.0 MB) were removed to keep the history under ${capMB} MB (fluxRedux.history.maxStorageMB).`);
  });
});
