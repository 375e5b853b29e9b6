import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator';
import { activeExtension, forgetEmulator, pointAtEmulator } from '../integration/support/extension';
import { gradientPng } from '../integration/support/pngFixture';

describe('With no folder open', () => {
  let emulator: Emulator;
  let tempDir: string;

  before(async () => {
    emulator = await startEmulator();
    await pointAtEmulator(emulator);
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-nofolder-'));
  });

  after(async () => {
    await forgetEmulator();
    await emulator?.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('runs on an image given by path, and Save asks where', async () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined, 'the window has no folder');
    const api = await activeExtension();
    await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
    const sourcePath = path.join(tempDir, 'loose photo.png');
    fs.writeFileSync(sourcePath, gradientPng(30, 20));
    const result = await vscode.commands.executeCommand<{ generationId: string; results: vscode.Uri[] }>(
      'fluxRedux.createVariations',
      vscode.Uri.file(sourcePath),
      { num_outputs: 1, format: 'png' },
    );
    assert.equal(result.results.length, 1);

    const target = vscode.Uri.file(path.join(tempDir, 'chosen', 'kept.png'));
    let suggested: vscode.Uri | undefined;
    api.setSaveDialog({
      ask: async (options) => {
        suggested = options.defaultUri;
        return target;
      },
    });
    try {
      await api.galleries.onIntent(result.generationId, { type: 'save', resultId: 'r1' });
    } finally {
      api.setSaveDialog(undefined);
    }
    assert.ok(suggested, 'Save asked with a dialog');
    assert.match(path.basename(suggested.fsPath), /^loose photo-variation-1\.png$/);
    assert.ok(fs.existsSync(target.fsPath), 'the file was written where the user chose');
    assert.equal((await api.store.load(result.generationId))?.results[0].savedTo !== undefined, true);
  });

  it('rejects { save: true } before uploading anything, and shows no dialog', async () => {
    const api = await activeExtension();
    await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
    const sourcePath = path.join(tempDir, 'script photo.png');
    fs.writeFileSync(sourcePath, gradientPng(30, 20));
    let dialogs = 0;
    api.setSaveDialog({
      ask: async () => {
        dialogs++;
        return undefined;
      },
    });
    const requestsBefore = emulator.requests.length;
    try {
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('fluxRedux.createVariations', vscode.Uri.file(sourcePath), { num_outputs: 1 }, { save: true }),
        ),
        /script photo\.png.*outside every workspace folder.*Open its folder as a workspace folder/s,
      );
    } finally {
      api.setSaveDialog(undefined);
    }
    assert.equal(emulator.requests.length, requestsBefore, 'nothing was uploaded or sent');
    assert.equal(dialogs, 0, 'scripts never see a dialog');
  });
});
