import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { sniffImage } from '../../src/shared/imageFormat';
import { exists, setUserSetting, workspaceRoot, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng, uniquePng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
  saved?: vscode.Uri[];
}

describe('Scripts that ask for { save: true }', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let tempDir: string;
  /** Every save dialog a test caused; scripts must never cause one. */
  let dialogs: number;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-scriptsave-'));
  });

  after(async () => {
    await disconnectFromEmulator(emulator);
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    emulator.reset();
    dialogs = 0;
    api.setSaveDialog({
      ask: async () => {
        dialogs++;
        return undefined;
      },
    });
  });

  afterEach(() => api.setSaveDialog(undefined));

  const uploads = () => emulator.requests.filter((r) => r.path === '/api/assets').length;

  it('saves every result into the save folder as Save all does, and resolves with saved in result order', async () => {
    const source = await writeWorkspaceFile('scriptsave/pier.png', gradientPng(80, 48));
    const folder = vscode.Uri.joinPath(workspaceRoot(), 'scriptsave', 'variations');
    await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.fs.createDirectory(folder);
    // Taken names are skipped as Save does: variation 2 gets the lowest free -k.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'pier-variation-2.png'), new Uint8Array([1]));

    const result = await vscode.commands.executeCommand<ScriptResult>(
      'fluxRedux.createVariations',
      source,
      { num_outputs: 3, format: 'png' },
      { save: true },
    );

    assert.equal(result.results.length, 3);
    const expected = ['pier-variation-1.png', 'pier-variation-2-2.png', 'pier-variation-3.png'].map((name) => vscode.Uri.joinPath(folder, name));
    assert.deepEqual(result.saved?.map(String), expected.map(String));
    for (const [i, uri] of expected.entries()) {
      const bytes = await vscode.workspace.fs.readFile(uri);
      assert.equal(sniffImage(bytes)?.format, 'png', `${uri.path} is a PNG`);
      assert.ok(Buffer.from(bytes).includes('XML:com.adobe.xmp'), `${uri.path} carries its recipe`);
      const stored = await vscode.workspace.fs.readFile(result.results[i]);
      assert.notDeepEqual([...bytes], [...stored], 'the stored copy stays as the server sent it; the saved one has the recipe');
    }
    assert.deepEqual([...(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'pier-variation-2.png')))], [1], 'nothing was overwritten');
    const record = await api.store.load(result.generationId);
    assert.deepEqual(
      record?.results.map((r) => r.savedTo),
      ['scriptsave/variations/pier-variation-1.png', 'scriptsave/variations/pier-variation-2-2.png', 'scriptsave/variations/pier-variation-3.png'],
      'the gallery shows them as saved',
    );
    assert.deepEqual(record?.results.map((r) => r.savedUri), expected.map(String));
    assert.equal(dialogs, 0, 'no dialog');
  });

  it('resolves without saved, and saves nothing, when save is left out or false', async () => {
    const source = await writeWorkspaceFile('scriptsave/quay.png', uniquePng());
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1 }, { save: false });
    assert.equal(result.results.length, 1);
    assert.equal(result.saved, undefined);
    assert.equal(await exists(vscode.Uri.joinPath(workspaceRoot(), 'scriptsave', 'variations', 'quay-variation-1.png')), false);
    assert.equal(await exists(vscode.Uri.joinPath(workspaceRoot(), 'scriptsave', 'variations', 'quay-variation-1.webp')), false);
  });

  it('rejects a source outside every workspace folder before reading or uploading it, without a dialog', async () => {
    const loose = path.join(tempDir, 'loose.png');
    fs.writeFileSync(loose, gradientPng(30, 20));
    const before = await api.store.listIds();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', vscode.Uri.file(loose), { num_outputs: 1 }, { save: true })),
      (error: Error) => {
        assert.match(error.message, /loose\.png/);
        assert.match(error.message, /outside every workspace folder/);
        assert.match(error.message, /without \{ save: true \}/);
        return true;
      },
    );
    assert.equal(uploads(), 0, 'nothing was uploaded');
    assert.equal(emulator.requests.length, 0, 'nothing was sent at all');
    assert.deepEqual(await api.store.listIds(), before, 'no generation was created');
    assert.equal(dialogs, 0, 'no dialog');
  });

  it('rejects a save folder setting that leaves the workspace, before uploading', async () => {
    const source = await writeWorkspaceFile('scriptsave/jetty.png', uniquePng());
    await setUserSetting('fluxRedux.saveFolder', '../../../outside');
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', source, { num_outputs: 1 }, { save: true })),
        /fluxRedux\.saveFolder \("\.\.\/\.\.\/\.\.\/outside"\) leads outside the workspace folder/,
      );
    } finally {
      await setUserSetting('fluxRedux.saveFolder', undefined);
    }
    assert.equal(emulator.requests.length, 0);
    assert.equal(dialogs, 0);
  });

  it('rejects a third argument that is not { save: boolean } with clear words, before anything is sent', async () => {
    const source = await writeWorkspaceFile('scriptsave/pier.png', gradientPng(80, 48));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', source, { num_outputs: 1 }, { save: 'yes' })),
      /save \(third argument of fluxRedux\.createVariations\) must be true or false; got "yes" \(a string\)/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', source, { num_outputs: 1 }, true)),
      /third argument of fluxRedux\.createVariations must be an object/,
    );
    assert.equal(emulator.requests.length, 0);
    assert.equal(dialogs, 0);
  });
});
