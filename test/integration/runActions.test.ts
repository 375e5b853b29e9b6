/**
 * Issue 13 on the host, in the real VS Code: Copy Settings puts the run's options JSON (model and
 * seed included) on the clipboard, and `fluxRedux.createVariations` takes it back as it is; Copy
 * Seed copies the seed; the history's Run Again is reached only with its row's one-time offer.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import type { GenerationRecord } from '../../src/runs/record';
import { waitFor, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

const OPTIONS = {
  model: 'black-forest-labs/flux-redux-schnell',
  format: 'png',
  aspect_ratio: '5:4',
  num_outputs: 1,
  num_inference_steps: 3,
  seed: 31337,
  output_quality: 60,
  disable_safety_checker: false,
  megapixels: '0.25',
};

describe('Copy Settings, Copy Seed and the history’s Run Again in the real VS Code', function () {
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

  async function finished(id: string): Promise<GenerationRecord> {
    return waitFor(`run ${id} to finish`, async () => {
      const loaded = await api.store.load(id);
      return loaded?.phase === 'done' ? loaded : undefined;
    }, 60_000);
  }

  it('copies the options JSON with model and seed, which createVariations runs as it is, and copies the seed', async () => {
    const source = await writeWorkspaceFile('run-actions/dune.png', gradientPng(72, 56));
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, OPTIONS);
    const run = await finished(first.generationId);
    const panel = await waitFor('the gallery', () => api.galleries.panelFor(run.id));

    await vscode.env.clipboard.writeText('');
    await panel.handleMessage({ type: 'copySettings' });
    const copied = await waitFor('the settings on the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    assert.deepEqual(JSON.parse(copied), OPTIONS, 'the model and every option, the seed included');

    const again = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, JSON.parse(copied));
    const repeated = await finished(again.generationId);
    assert.deepEqual({ model: repeated.model, ...repeated.options }, OPTIONS, 'pasted into a script, the same run');
    assert.equal((featuresCalls()[1].body as { model: string }).model, OPTIONS.model);

    await panel.handleMessage({ type: 'copySeed' });
    await waitFor('the seed on the clipboard', async () => ((await vscode.env.clipboard.readText()) === '31337' ? true : undefined));
  });

  it('runs the history’s Run Again once for its row’s token, with a new seed, and refuses a made-up one', async () => {
    const source = await writeWorkspaceFile('run-actions/cliff.png', gradientPng(64, 80));
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, OPTIONS);
    const run = await finished(first.generationId);
    const storedSource = await api.store.readFile(run.id, run.source.storedFile);
    const before = new Set(await api.store.listIds());
    const fresh = async () => (await api.store.listIds()).filter((id) => !before.has(id));

    await api.history.view.handleMessage({ type: 'runAgain', generationId: run.id, token: 'madeUpTokenThatWasNeverOffered' });
    assert.deepEqual(await fresh(), [], 'a token never offered starts nothing');
    assert.equal(featuresCalls().length, 1);

    const row = await waitFor('the row’s Run Again offer', async () => (await api.history.view.currentView()).runs.find((r) => r.id === run.id)?.runAgain);
    const request = { type: 'runAgain', generationId: run.id, token: row.token };
    await Promise.all([api.history.view.handleMessage(request), api.history.view.handleMessage(request)]);
    const startedId = await waitFor('the Run Again run', async () => (await fresh())[0]);
    const again = await finished(startedId);
    assert.equal((await fresh()).length, 1, 'one run for a double request');
    assert.equal(featuresCalls().length, 2, 'one more paid call');
    assert.equal(again.model, OPTIONS.model, 'the run’s own model');
    assert.notEqual(again.options.seed, OPTIONS.seed, 'a new seed');
    assert.deepEqual({ ...again.options, seed: OPTIONS.seed }, run.options, 'the run’s options otherwise');
    const sent = await api.store.readFile(again.id, again.source.storedFile);
    assert.ok(Buffer.from(sent).equals(Buffer.from(storedSource)), 'the stored copy of the source, as uploaded the first time');
    assert.equal(again.parent, undefined, 'Run Again is no variation of a result');
  });
});
