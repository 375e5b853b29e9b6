import * as assert from 'node:assert/strict';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { activeExtension, forgetEmulator, pointAtEmulator, waitFor, workspaceRoot, writeWorkspaceFile } from './support/extension';
import { gradientPng, uniquePng } from './support/pngFixture';

/** Every file below `root` whose bytes contain `needle`. */
function filesContaining(root: string, needle: string, seen = new Set<string>()): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(needle, 'utf8');
  const visit = (at: string) => {
    if (seen.has(at)) {
      return;
    }
    seen.add(at);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(at);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(at)) {
        visit(path.join(at, name));
      }
    } else if (stat.isFile() && stat.size < 64 * 1024 * 1024 && fs.readFileSync(at).includes(bytes)) {
      found.push(at);
    }
  };
  visit(root);
  return found;
}

/** The folder of this window's logs (…/logs/<session>), whatever the depth of the extension's own folder. */
function sessionLogsFolder(logUri: vscode.Uri): string {
  let at = logUri.fsPath;
  for (let i = 0; i < 5; i++) {
    const parent = path.dirname(at);
    if (path.basename(parent) === 'logs' || parent === at) {
      return at;
    }
    at = parent;
  }
  return at;
}

describe('The API key leaks nowhere', function () {
  const canary = `LEAKCANARY${randomBytes(12).toString('hex')}`;
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  const errorTexts: string[] = [];
  let successfulRun = '';

  before(async function () {
    this.timeout(120_000);
    emulator = await startEmulator({ apiKey: canary });
    await pointAtEmulator(emulator);
    api = await activeExtension();
    await vscode.commands.executeCommand('fluxRedux.setApiKey', canary);
    const source = await writeWorkspaceFile('leak/bird.png', gradientPng(50, 50));

    // A whole run, saved into the workspace.
    const result = await vscode.commands.executeCommand<{ generationId: string }>('fluxRedux.createVariations', source, { num_outputs: 2 });
    successfulRun = result.generationId;
    await api.galleries.onIntent(result.generationId, { type: 'saveAll' });
    // Failures whose server text quotes the key back: the words shown must not.
    for (const fault of [
      { endpoint: 'upload' as const, kind: 'status' as const, status: 401, message: `API Key ${canary} is not active` },
      { endpoint: 'generate' as const, kind: 'status' as const, status: 500, message: `internal error for key ${canary}` },
    ]) {
      emulator.injectFault(fault);
      const fresh = await writeWorkspaceFile(`leak/fresh-${fault.status}.png`, uniquePng());
      await Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', fresh, { num_outputs: 1 })).then(
        () => assert.fail('the run should have failed'),
        (error: Error) => errorTexts.push(error.message),
      );
    }
    await vscode.commands.executeCommand('fluxRedux.showLog');
    // The log is written to disk asynchronously: wait until the runs are in it.
    await waitFor('the log file to hold the run', () => {
      const files = filesContaining(sessionLogsFolder(api.logUri), result.generationId);
      return files.length > 0 ? files : undefined;
    }, 30_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await forgetEmulator();
    await vscode.commands.executeCommand('fluxRedux.clearApiKey', { confirm: false });
    await emulator?.close();
  });

  it('was really used: the API host received it on every call', () => {
    const apiCalls = emulator.requests.filter((r) => r.server === 'api');
    assert.ok(apiCalls.length >= 5);
    assert.ok(apiCalls.every((r) => r.headers['api-key'] === canary));
  });

  it('is not in any request to an asset host', () => {
    assert.ok(emulator.requests.some((r) => r.server === 'asset'), 'downloads happened');
    assert.deepEqual(emulator.keyLeaks, []);
  });

  it('is not in the error messages or the notifications', () => {
    assert.equal(errorTexts.length, 2);
    assert.ok(errorTexts.some((text) => /is not active/.test(text)), 'the server\'s words are shown');
    for (const text of [...errorTexts, ...api.probe.notifications.flatMap((n) => [n.message, ...n.actions])]) {
      assert.ok(!text.includes(canary), `leaked in: ${text}`);
    }
  });

  it('is not in the log files of this window (the extension\'s log and the extension host\'s)', () => {
    assert.deepEqual(filesContaining(sessionLogsFolder(api.logUri), canary), []);
  });

  it('is not in global or workspace storage, nor in the user folder', () => {
    const userFolder = path.dirname(path.dirname(api.globalStorageUri.fsPath));
    assert.deepEqual(filesContaining(userFolder, canary), []);
    if (api.storageUri) {
      assert.deepEqual(filesContaining(path.dirname(api.storageUri.fsPath), canary), []);
    }
  });

  it('is not in the workspace', () => {
    assert.ok(fs.readdirSync(path.join(workspaceRoot().fsPath, 'leak', 'variations')).length === 2, 'the saved files are there');
    assert.deepEqual(filesContaining(workspaceRoot().fsPath, canary), []);
  });

  it('is not in the webview\'s HTML or any message posted to it', async () => {
    const ids = await api.store.listIds();
    // A webview loads (and says `ready`) when it is shown: show the successful run's gallery.
    const shown = api.galleries.show(successfulRun, { sourceName: 'bird.png' });
    // On a loaded machine the browser workbench has been seen to take over 20 s to load a webview.
    await waitFor('the gallery to receive its view', () => (api.probe.postedTo(shown.generationId).length > 0 ? true : undefined), 90_000);
    let panels = 0;
    let posted = 0;
    for (const id of ids) {
      const panel = api.galleries.panelFor(id);
      if (panel) {
        panels++;
        assert.ok(!panel.panel.webview.html.includes(canary));
        assert.ok(!JSON.stringify(api.probe.postedTo(id)).includes(canary));
        posted += api.probe.postedTo(id).length;
      }
    }
    assert.ok(panels >= 1, 'at least one gallery was checked');
    assert.ok(posted >= 1, 'messages were posted and checked');
  });
});
