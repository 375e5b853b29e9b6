/**
 * Issue 14 in the real VS Code: a file that cannot be sent is refused before the first quick pick
 * (in a modal that holds the whole reason), a selection goes on with its good files, and a new
 * gallery opens beside the editor group that shows its source.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { waitFor, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng, uniquePng } from './support/pngFixture';

interface ShownModal {
  message: string;
  detail: string;
}

type InteractiveResult = { generationId: string }[] | undefined;

/**
 * Runs the Explorer's command on `uris` and settles with its result. If a quick pick opens while
 * `acceptPicks` is off, the command would wait for ever: the test fails instead, after closing it.
 */
async function createFromExplorer(uris: vscode.Uri[], acceptPicks: boolean): Promise<InteractiveResult> {
  let settled = false;
  const command = Promise.resolve(vscode.commands.executeCommand<InteractiveResult>('fluxRedux.createVariationsFromResource', uris[0], uris))
    .finally(() => {
      settled = true;
    });
  const deadline = Date.now() + 20_000;
  while (!settled && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (acceptPicks && !settled) {
      // Step 1's first item is "Run with current settings": one Enter starts the run.
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
  }
  if (!settled) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await command;
    assert.fail('the quick picks opened (or the command never finished)');
  }
  return command;
}

describe('Fail before asking, in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  const modals: ShownModal[] = [];

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    api.setModalPresenter(async (message, detail) => {
      modals.push({ message, detail });
    });
  });

  after(async () => {
    api.setModalPresenter(undefined);
    await disconnectFromEmulator(emulator);
  });

  beforeEach(() => {
    modals.length = 0;
    emulator.reset();
  });

  it('refuses a text file named .png before the first quick pick, naming it and what to do', async () => {
    const fake = await writeWorkspaceFile('ask-first/not-a-picture.png', new TextEncoder().encode('hi\n'));
    const before = await api.store.listIds();
    const result = await createFromExplorer([fake], false);
    assert.equal(result, undefined);
    assert.equal(modals.length, 1, 'one modal');
    assert.match(modals[0].message, /not-a-picture\.png/);
    assert.match(modals[0].detail, /^not-a-picture\.png is not an image/);
    assert.match(modals[0].detail, /PNG, JPEG and WebP[\s\S]*choose one of those/);
    const shown = api.probe.notifications.at(-1);
    assert.deepEqual(shown?.modal, { detail: modals[0].detail }, 'the probe saw it as a modal');
    assert.deepEqual(await api.store.listIds(), before, 'no generation was created');
    assert.equal(emulator.requests.length, 0, 'nothing was sent');
  });

  it('names the bad files of a selection in one modal, then asks about the rest and runs it', async () => {
    const notImage = await writeWorkspaceFile('ask-first/notes.png', new TextEncoder().encode('just some text'));
    const png = gradientPng(48, 32);
    const cutOff = await writeWorkspaceFile('ask-first/cut-off.png', png.subarray(0, png.length - 20));
    const good = await writeWorkspaceFile('ask-first/good.png', uniquePng());
    const result = await createFromExplorer([notImage, good, cutOff], true);

    assert.equal(modals.length, 1, 'one modal for every refused file');
    assert.match(modals[0].message, /^Skipping 2 of the selected files/);
    assert.match(modals[0].detail, /notes\.png is not an image/);
    assert.match(modals[0].detail, /cut-off\.png looks like a PNG image but is cut off/);
    assert.doesNotMatch(modals[0].detail, /good\.png/);

    assert.equal(result?.length, 1, 'one run, for the good file');
    const run = await api.runs.get(result[0].generationId);
    assert.equal(run?.record.source.name, 'good.png');
    await waitFor('the run to finish', async () => {
      const phase = (await api.runs.get(result[0].generationId))?.record.phase;
      return phase === 'done' || phase === 'failed' ? phase : undefined;
    }, 30_000);
  });
});

describe('Where a new gallery opens, in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
  });

  after(async () => {
    await disconnectFromEmulator(emulator);
  });

  it('beside the group that shows the source, not beside the active one', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const source = await writeWorkspaceFile('ask-first/harbour.png', uniquePng());
    const notes = await writeWorkspaceFile('ask-first/notes.md', new TextEncoder().encode('# notes\n'));
    await vscode.commands.executeCommand('vscode.open', source, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('vscode.open', notes, { viewColumn: vscode.ViewColumn.Two });
    await vscode.commands.executeCommand('vscode.open', notes, { viewColumn: vscode.ViewColumn.Three });
    await waitFor('three groups, the third active', () =>
      vscode.window.tabGroups.all.length === 3 && vscode.window.tabGroups.activeTabGroup.viewColumn === vscode.ViewColumn.Three ? true : undefined,
    );

    const result = await vscode.commands.executeCommand<{ generationId: string }>('fluxRedux.createVariations', source, { num_outputs: 1 });
    const panel = api.galleries.panelFor(result.generationId)?.panel;
    assert.ok(panel, 'the gallery is open');
    assert.equal(panel.viewColumn, vscode.ViewColumn.Two, 'beside the source (column 1), not beside the active group (column 3)');

    // With no group showing the source any more, the next gallery joins the first.
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const other = await writeWorkspaceFile('ask-first/other.png', uniquePng());
    const next = await vscode.commands.executeCommand<{ generationId: string }>('fluxRedux.createVariations', other, { num_outputs: 1 });
    const nextPanel = api.galleries.panelFor(next.generationId)?.panel;
    assert.equal(nextPanel?.viewColumn, panel.viewColumn, 'where the galleries already are');
  });
});
