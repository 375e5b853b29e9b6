import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import type { GenerationRecord } from '../../src/runs/record';
import { activeExtension, forgetEmulator, pointAtEmulator, setUserSetting, waitFor, writeWorkspaceFile } from './support/extension';
import { uniquePng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

/**
 * "Try again" starts a new run from the copy of the source stored with the run (what the model
 * saw), with the run's own model and options; the original file is not read again.
 */
describe('Try again in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    emulator = await startEmulator();
    await pointAtEmulator(emulator);
    api = await activeExtension();
    await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await forgetEmulator();
    await emulator?.close();
  });

  beforeEach(() => emulator.reset());

  it('runs again from the stored copy with the run’s own model, options and seed, even after the file changed', async () => {
    const source = await writeWorkspaceFile('retry/harbour.png', uniquePng());
    const options = { num_outputs: 1, seed: 777, aspect_ratio: '1:1', format: 'png' };
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, options);
    const firstRecord = await api.store.load(first.generationId);
    assert.ok(firstRecord);
    const storedCopy = await api.store.readFile(firstRecord.id, firstRecord.source.storedFile);
    const featuresCalls = () => emulator.requests.filter((r) => r.server === 'api' && r.path === '/api/features');
    const firstBody = featuresCalls()[0].body as { model: string; promptObject: Record<string, unknown> };

    // What the old "Try again" would have picked up instead: a changed file and another model.
    const changed = uniquePng(64, 48);
    await vscode.workspace.fs.writeFile(source, changed);
    await setUserSetting('fluxRedux.model', 'black-forest-labs/flux-redux-schnell');
    const started: string[] = [];
    const subscription = api.runs.onDidChange((record) => {
      if (record.id !== firstRecord.id && !started.includes(record.id)) {
        started.push(record.id);
      }
    });
    let retried: GenerationRecord;
    try {
      await api.galleries.onIntent(firstRecord.id, { type: 'runAction', action: 'retryRun' });
      const retryId = await waitFor('the new run', () => started[0]);
      retried = await waitFor('the new run to finish', async () => {
        const record = await api.store.load(retryId);
        return record?.phase === 'done' ? record : undefined;
      });
    } finally {
      subscription.dispose();
      await setUserSetting('fluxRedux.model', undefined);
    }

    assert.equal(started.length, 1, 'one new run');
    assert.equal(retried.model, firstRecord.model, 'the run’s own model, not the one set since');
    assert.deepEqual(retried.options, firstRecord.options, 'the same options, seed included');
    assert.equal(retried.options.seed, 777);
    assert.equal(retried.source.uri, firstRecord.source.uri);
    assert.equal(retried.source.name, 'harbour.png');
    assert.deepEqual(
      Buffer.from(await api.store.readFile(retried.id, retried.source.storedFile)),
      Buffer.from(storedCopy),
      'the new run started from the stored copy',
    );

    const calls = featuresCalls();
    assert.equal(calls.length, 2, 'one more paid call');
    const retryBody = calls[1].body as { model: string; promptObject: Record<string, unknown> };
    assert.equal(retryBody.model, firstBody.model);
    const { imageUrl: firstImage, ...firstSent } = firstBody.promptObject;
    const { imageUrl: retryImage, ...retrySent } = retryBody.promptObject;
    assert.deepEqual(retrySent, firstSent);
    assert.equal(retryImage, firstImage, 'the same bytes, so the upload of the first run was reused');
    const changedUploads = emulator.requests.filter((r) => r.upload && Buffer.from(changed).equals(r.upload.bytes));
    assert.deepEqual(changedUploads, [], 'the changed file was never sent');
    await waitFor('the gallery of the new run', () => api.galleries.panelFor(retried.id));
  });
});
