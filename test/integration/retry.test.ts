import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { settingsJson } from '../../src/options/settingsJson';
import type { GenerationRecord } from '../../src/runs/record';
import type { PaidActionId } from '../../src/shared/protocol';
import { setUserSetting, waitFor, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { uniquePng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

interface FeaturesBody {
  model: string;
  promptObject: Record<string, unknown>;
}

/**
 * Run Again and Reproduce (once "Try again") start a new run from the copy of the source stored
 * with the run (what the model saw), with the run's own model and options, Reproduce with its
 * seed and Run Again with a new one; the original file is not read again. They go through the
 * gallery panel as the webview sends them: with the token of an offer, which one run uses up.
 */
describe('Run Again and Reproduce in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
  });

  after(async () => {
    await disconnectFromEmulator(emulator);
  });

  beforeEach(() => emulator.reset());

  const featuresCalls = () => emulator.requests.filter((r) => r.server === 'api' && r.path === '/api/features');

  /** The token of the newest view's offer for `action`, once the gallery has been sent one. */
  function offerToken(generationId: string, action: PaidActionId, unlike?: string): Promise<string> {
    return waitFor(`the ${action} offer of ${generationId}`, () => {
      const views = api.probe.postedTo(generationId).flatMap((m) => (m.type === 'init' || m.type === 'update' ? [m.view] : []));
      const token = views.at(-1)?.offers?.find((o) => o.action === action)?.token;
      return token !== unlike ? token : undefined;
    }, 60_000);
  }

  /** Sends the webview's request twice, as a double click would, and returns the one run it started. */
  async function requestTwice(first: GenerationRecord, action: PaidActionId): Promise<{ record: GenerationRecord; started: string[] }> {
    const panel = await waitFor('the gallery of the first run', () => api.galleries.panelFor(first.id));
    // A webview in a background tab does not load, and only a loaded one is sent its view.
    panel.reveal();
    const token = await offerToken(first.id, action);
    const started: string[] = [];
    const subscription = api.runs.onDidChange((record) => {
      if (record.id !== first.id && !started.includes(record.id)) {
        started.push(record.id);
      }
    });
    try {
      const request = { type: 'runAction', action, token };
      await Promise.all([panel.handleMessage(request), panel.handleMessage(request)]);
      // Once more after the first run started: the used token stays used.
      await panel.handleMessage(request);
      const newId = await waitFor('the new run', () => started[0]);
      const record = await waitFor('the new run to finish', async () => {
        const loaded = await api.store.load(newId);
        return loaded?.phase === 'done' ? loaded : undefined;
      }, 60_000);
      const next = await offerToken(first.id, action, token);
      assert.notEqual(next, token, 'the next view brings a new offer');
      return { record, started };
    } finally {
      subscription.dispose();
    }
  }

  async function firstRun(name: string, options: Record<string, unknown>): Promise<{ source: vscode.Uri; record: GenerationRecord; storedCopy: Uint8Array }> {
    const source = await writeWorkspaceFile(`retry/${name}`, uniquePng());
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, options);
    const record = await api.store.load(first.generationId);
    assert.ok(record);
    return { source, record, storedCopy: await api.store.readFile(record.id, record.source.storedFile) };
  }

  async function assertFromStoredCopy(again: GenerationRecord, first: GenerationRecord, storedCopy: Uint8Array): Promise<void> {
    assert.equal(again.model, first.model, 'the run’s own model, not the one set since');
    assert.equal(again.source.uri, first.source.uri);
    assert.equal(again.source.name, first.source.name);
    assert.deepEqual(
      Buffer.from(await api.store.readFile(again.id, again.source.storedFile)),
      Buffer.from(storedCopy),
      'the new run started from the stored copy',
    );
  }

  it('Reproduce runs again from the stored copy with the run’s own model, options and seed, even after the file changed; a double click buys one run', async () => {
    const { source, record: first, storedCopy } = await firstRun('harbour.png', { num_outputs: 1, seed: 777, aspect_ratio: '1:1', format: 'png' });
    const firstBody = featuresCalls()[0].body as FeaturesBody;

    // What the old "Try again" would have picked up instead: a changed file and another model.
    const changed = uniquePng(64, 48);
    await vscode.workspace.fs.writeFile(source, changed);
    await setUserSetting('fluxRedux.model', 'black-forest-labs/flux-redux-schnell');
    let reproduced: GenerationRecord;
    let started: string[];
    try {
      ({ record: reproduced, started } = await requestTwice(first, 'retryRun'));
    } finally {
      await setUserSetting('fluxRedux.model', undefined);
    }

    assert.equal(started.length, 1, 'one new run for three requests with one token');
    await assertFromStoredCopy(reproduced, first, storedCopy);
    assert.deepEqual(reproduced.options, first.options, 'the same options, seed included');
    assert.equal(reproduced.options.seed, 777);

    const calls = featuresCalls();
    assert.equal(calls.length, 2, 'one more paid call');
    const body = calls[1].body as FeaturesBody;
    assert.equal(body.model, firstBody.model);
    const { imageUrl: firstImage, ...firstSent } = firstBody.promptObject;
    const { imageUrl: image, ...sent } = body.promptObject;
    assert.deepEqual(sent, firstSent);
    assert.equal(image, firstImage, 'the same bytes, so the upload of the first run was reused');
    const changedUploads = emulator.requests.filter((r) => r.upload && Buffer.from(changed).equals(r.upload.bytes));
    assert.deepEqual(changedUploads, [], 'the changed file was never sent');
    await waitFor('the gallery of the new run', () => api.galleries.panelFor(reproduced.id));
  });

  it('Run Again runs from the stored copy with the run’s own model and options and a new seed; a double click buys one run', async () => {
    const { record: first, storedCopy } = await firstRun(
      'lighthouse.png',
      JSON.parse(settingsJson('black-forest-labs/flux-redux-schnell', {
        format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 4, seed: 31337,
        output_quality: 80, disable_safety_checker: false, megapixels: '0.25',
      })) as Record<string, unknown>,
    );
    assert.equal(first.model, 'black-forest-labs/flux-redux-schnell', 'createVariations took the model of the copied settings');
    assert.equal((featuresCalls()[0].body as FeaturesBody).model, 'black-forest-labs/flux-redux-schnell');

    const { record: again, started } = await requestTwice(first, 'runAgain');

    assert.equal(started.length, 1, 'one new run for three requests with one token');
    await assertFromStoredCopy(again, first, storedCopy);
    assert.notEqual(again.options.seed, 31337, 'a new seed');
    assert.deepEqual({ ...again.options, seed: 31337 }, first.options, 'everything else the same');
    const calls = featuresCalls();
    assert.equal(calls.length, 2, 'one more paid call');
    const body = calls[1].body as FeaturesBody;
    assert.equal(body.model, 'black-forest-labs/flux-redux-schnell');
    assert.equal(body.promptObject.seed, again.options.seed);
  });

  it('refuses a paid request without an offer’s token: nothing is started', async () => {
    const { record: first } = await firstRun('pier.png', { num_outputs: 1, aspect_ratio: '1:1', format: 'png' });
    const panel = await waitFor('the gallery', () => api.galleries.panelFor(first.id));
    // No waiting for the view: neither request names an offer, whatever the panel offered.
    const callsBefore = featuresCalls().length;
    const runsBefore = (await api.store.listIds()).length;
    await panel.handleMessage({ type: 'runAction', action: 'runAgain', token: 'madeUpTokenThatWasNeverOffered' });
    await panel.handleMessage({ type: 'runAction', action: 'retryRun' });
    assert.equal(featuresCalls().length, callsBefore, 'no paid call');
    assert.equal((await api.store.listIds()).length, runsBefore, 'no new run');
  });
});
