import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { joinBaseAndPath } from '../../src/api/resultUrls';
import type { GenerationRecord } from '../../src/runs/record';
import type { HostMessage } from '../../src/shared/protocol';
import { connectToEmulator, disconnectFromEmulator, setUserSetting, waitFor, workspaceRoot, writeWorkspaceFile } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

type HeldImageMessage = Extract<HostMessage, { type: 'heldImage' }>;

/**
 * Global storage fills up while a run downloads its results (issue 11, "Storage and saving never
 * lose or overwrite"). The full disk is test mode's (RecordingProbe.storeFaults, under the
 * extension's own node:fs store): every write under global storage fails with ENOSPC from the
 * moment the run starts downloading, after the record that says the paid call went out is on disk.
 */
describe('A full disk during a run, in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let source: vscode.Uri;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    source = await writeWorkspaceFile('fulldisk/harbour.png', gradientPng(64, 48));
    // Saved bytes are the server's bytes only without the recipe the save would embed.
    await setUserSetting('fluxRedux.embedRecipe', false);
  });

  after(async () => {
    api?.probe.storeFaults.heal();
    await setUserSetting('fluxRedux.embedRecipe', undefined);
    await disconnectFromEmulator(emulator);
  });

  afterEach(() => {
    api.probe.storeFaults.heal();
  });

  /** The bytes the asset server serves for a result path (it serves the same bytes each time). */
  async function servedBytes(resultPath: string): Promise<Buffer> {
    const response = await fetch(joinBaseAndPath(emulator.assetBaseUrls[1], resultPath));
    assert.equal(response.status, 200);
    return Buffer.from(await response.arrayBuffer());
  }

  it('keeps the results that arrived, saveable byte for byte; the record on disk stays whole; says so; leaves no temporary file', async () => {
    emulator.reset();
    api.probe.notifications.length = 0;
    let diskFilledFor: string | undefined;
    const listener = api.runs.onDidChange((record: GenerationRecord) => {
      // Emitted after the record is saved: the disk holds "downloading, the paid call went out".
      if (record.phase === 'downloading' && diskFilledFor === undefined) {
        diskFilledFor = record.id;
        api.probe.storeFaults.failWrites('ENOSPC');
      }
    });
    try {
      // A script is promised files on disk: it is refused with words, and the results wait in the gallery.
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 2, format: 'png' })),
        /2 of the run's results could not be written to the extension's storage .*They are in the gallery/,
      );
    } finally {
      listener.dispose();
    }
    assert.ok(diskFilledFor, 'the disk filled during this run\'s downloads');
    const id = diskFilledFor;
    const folder = path.join(api.globalStorageUri.fsPath, 'generations', id);

    // The run finished with both results, in this window's memory.
    const live = await api.store.load(id);
    assert.equal(live?.phase, 'done');
    assert.deepEqual(live.results.map((r) => [r.status, r.notStored]), [['ready', 'disk-full'], ['ready', 'disk-full']]);
    const refused = api.probe.storeFaults.refusedWrites.filter((p) => p.includes(id));
    assert.ok(refused.some((p) => /variation-1\.png\..*\.tmp$/.test(p)) && refused.some((p) => /record\.json\..*\.tmp$/.test(p)), refused.join(', '));

    // The record on disk is the last whole one: it parses, says credits may be spent, and names no missing file.
    const onDisk = JSON.parse(fs.readFileSync(path.join(folder, 'record.json'), 'utf8')) as GenerationRecord;
    assert.equal(onDisk.id, id);
    assert.equal(onDisk.phase, 'downloading');
    assert.ok(onDisk.generateStartedAt, 'the paid call is on record');
    for (const stored of onDisk.results.filter((r) => r.status === 'ready')) {
      assert.ok(fs.existsSync(path.join(folder, stored.file ?? '')), `${stored.file} exists`);
    }
    const left = fs.readdirSync(folder);
    assert.deepEqual(left.filter((name) => name.endsWith('.tmp')), [], `no temporary file is left: ${left.join(', ')}`);
    assert.deepEqual(left.filter((name) => name.startsWith('variation-')), [], 'nothing half-written under a result\'s name');

    // The user is told in words, once for the results.
    const warning = await waitFor('the warning about the full disk', () =>
      api.probe.notifications.find((n) => n.level === 'warning' && /could not be stored/.test(n.message)),
    );
    assert.match(warning.message, /^A variation of harbour\.png could not be stored in the extension's storage: the disk is full\./);
    assert.match(warning.message, /Save or Save As…/);
    assert.equal(api.probe.notifications.filter((n) => /could not be stored/.test(n.message)).length, 1, 'one warning for both results');

    // The gallery shows them from the bytes the host holds, not from a file that is not there.
    await waitFor('the gallery', () => api.galleries.panelFor(id));
    const held = await waitFor('both held images to reach the webview', () => {
      const sent = api.probe.postedTo(id).filter((m): m is HeldImageMessage => m.type === 'heldImage');
      return sent.length >= 2 ? sent : undefined;
    }, 30_000);
    const views = api.probe.postedTo(id).flatMap((m) => (m.type === 'init' || m.type === 'update' ? [m.view] : []));
    const last = views[views.length - 1];
    assert.deepEqual(last.results.map((r) => [r.notStored, r.src]), [[true, undefined], [true, undefined]]);

    // Save writes the server's exact bytes into the workspace, from memory.
    const served = await servedBytes(live.results[0].resultPath!);
    assert.deepEqual(Buffer.from(held.find((m) => m.resultId === 'r1')!.bytes), served, 'the webview got the server\'s bytes');
    await api.galleries.onIntent(id, { type: 'save', resultId: 'r1' });
    const saved = vscode.Uri.joinPath(workspaceRoot(), 'fulldisk', 'variations', 'harbour-variation-1.png');
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(saved)), served);
    assert.equal((await api.store.load(id))?.results[0].savedTo, 'fulldisk/variations/harbour-variation-1.png');
    assert.deepEqual(fs.readdirSync(folder).filter((name) => name.endsWith('.tmp')), [], 'the save\'s failed record write left nothing either');
  });
});
