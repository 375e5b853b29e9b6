/**
 * Issue 13's presets in the real VS Code: **Flux Redux: Save Settings as Preset…**
 * (`fluxRedux.savePreset`) writes the current settings or a run's into the user's
 * `fluxRedux.presets`, asking for the name when none is given, and the first quick pick of
 * Create Variations lists the preset after "Run with current settings" and runs with it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { withRecipe } from '../../src/recipe/embed';
import { recipeOf } from '../../src/recipe/recipe';
import { validateScriptOptions } from '../../src/options/validate';
import { sampleRecord } from '../unit/recipe-support';
import { logsSay, setUserSetting, waitFor, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

type InteractiveResult = { generationId: string }[] | undefined;

const RUN_OPTIONS = {
  model: 'black-forest-labs/flux-redux-schnell',
  format: 'jpg',
  aspect_ratio: '3:2',
  num_outputs: 1,
  num_inference_steps: 4,
  seed: 777,
  output_quality: 70,
  disable_safety_checker: false,
  megapixels: '0.25',
};

function userPresets(): Record<string, unknown> | undefined {
  return vscode.workspace.getConfiguration('fluxRedux').inspect<Record<string, unknown>>('presets')?.globalValue;
}

describe('Presets and Save Settings as Preset… in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await setUserSetting('fluxRedux.presets', undefined);
    await disconnectFromEmulator(emulator);
  });

  beforeEach(async () => {
    emulator.reset();
    await setUserSetting('fluxRedux.presets', undefined);
  });

  async function finished(generationId: string) {
    return waitFor('the run to finish', async () => {
      const record = await api.store.load(generationId);
      return record && (record.phase === 'done' || record.phase === 'failed') ? record : undefined;
    }, 60_000);
  }

  it('saves the current settings under a given name in the user settings, with the model', async () => {
    const name = await vscode.commands.executeCommand<string | undefined>('fluxRedux.savePreset', undefined, '  Current look  ');
    assert.equal(name, 'Current look', 'the name trimmed');
    const saved = userPresets()?.['Current look'] as Record<string, unknown> | undefined;
    assert.ok(saved, 'in the user settings');
    assert.equal(saved.model, vscode.workspace.getConfiguration('fluxRedux').get('model'), 'the model of the settings');
    assert.ok(validateScriptOptions(saved).ok, `options a script could pass: ${JSON.stringify(saved)}`);
    assert.equal(vscode.workspace.getConfiguration('fluxRedux').inspect('presets')?.workspaceValue, undefined, 'never into the workspace');
  });

  it('refuses a name with control characters and a run that is not stored, saving nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('fluxRedux.savePreset', undefined, 'bell\u0007'), undefined);
    assert.equal(await vscode.commands.executeCommand('fluxRedux.savePreset', '20200101T000000000-nosuch', 'Lost run'), undefined);
    assert.equal(userPresets(), undefined);
  });

  it('saves a run’s settings under the name it suggests, and the first quick pick lists the preset and runs with it', async () => {
    const source = await writeWorkspaceFile('presets/quay.png', gradientPng(80, 48));
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, RUN_OPTIONS);
    const run = await finished(first.generationId);

    // No name given: the input box suggests the source's name; Enter takes it.
    const saving = Promise.resolve(vscode.commands.executeCommand<string | undefined>('fluxRedux.savePreset', run.id));
    let settled = false;
    void saving.finally(() => {
      settled = true;
    });
    await waitFor('the preset to be saved', async () => {
      if (!settled) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      return settled || undefined;
    }, 30_000);
    assert.equal(await saving, 'quay');
    assert.deepEqual(userPresets(), { quay: { model: run.model, ...run.options } }, 'the run’s model and options, its seed included');
    assert.deepEqual(userPresets()?.quay, RUN_OPTIONS);

    // The first quick pick of another image: the preset is the row after "Run with current settings".
    // That image carries a recipe that does not check out, so a log line marks the moment the
    // quick pick opens and no recipe rows come before the presets.
    const recipe = recipeOf(sampleRecord(), { toolVersion: '0.1.0' });
    const withBadRecipe = withRecipe(gradientPng(96, 64), { ...recipe, options: { ...recipe.options, seed: -1 } });
    assert.ok(withBadRecipe.ok);
    const other = await writeWorkspaceFile('presets/pier.png', withBadRecipe.bytes);
    emulator.reset();
    const command = Promise.resolve(vscode.commands.executeCommand<InteractiveResult>('fluxRedux.createVariationsFromResource', other, [other]));
    await waitFor('the first quick pick', () => logsSay(api.logUri, 'pier.png carries a recipe that is not used') || undefined, 30_000);
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const started = await command;
    assert.equal(started?.length, 1, 'one run started');
    const record = await finished(started[0].generationId);
    assert.equal(record.source.name, 'pier.png');
    assert.equal(record.model, RUN_OPTIONS.model, 'the preset’s model');
    assert.deepEqual({ model: record.model, ...record.options }, RUN_OPTIONS, 'the preset’s options, seed included');
    const features = emulator.requests.filter((request) => request.server === 'api' && request.path === '/api/features');
    assert.equal(features.length, 1, 'one paid call');
  });
});
