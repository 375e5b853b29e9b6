import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import type { HistoryRunView } from '../../src/shared/historyProtocol';
import { exists, waitFor, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

/** A run as 0.1.0 left it: version 1, its failure a sentence, no thumbnails. */
const VERSION_ONE_ID = '20200101T000000000-v1test';

function versionOneRecord(): unknown {
  return {
    version: 1, id: VERSION_ONE_ID, createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z',
    source: { uri: 'file:///nowhere/old.png', name: 'old.png', storedFile: 'source.png', format: 'png', width: 96, height: 64, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'png', aspect_ratio: '1:1', num_outputs: 2, num_inference_steps: 28, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'https://api.1min.ai', phase: 'failed',
    failure: { message: 'The old words of a failure.', kind: 'download-failed', actions: ['showLog'] },
    results: [],
  };
}

/** A record another window (a second extension host on the same storage) has written. */
function otherWindowRecord(id: string, overrides: Record<string, unknown>): unknown {
  const now = new Date().toISOString();
  return {
    version: 2, id, createdAt: now, updatedAt: now,
    source: { uri: 'file:///elsewhere/far.png', name: 'far.png', storedFile: 'source.png', format: 'png', width: 96, height: 64, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 28, seed: 5, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'https://api.1min.ai', phase: 'generating', results: [],
    ...overrides,
  };
}

describe('The history view in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let source: vscode.Uri;

  const folderOf = (id: string) => vscode.Uri.joinPath(api.globalStorageUri, 'generations', id);
  // The list as the view shows it, read on the host: in this harness the view's webview did not
  // always load (test/e2e/history.test.ts clicks through the real one).
  const shownRuns = async (): Promise<HistoryRunView[]> => (await api.history.view.currentView()).runs;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    source = await writeWorkspaceFile('history/lighthouse.png', gradientPng(96, 64));
    const old = folderOf(VERSION_ONE_ID);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(old, 'source.png'), gradientPng(96, 64));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(old, 'record.json'), new TextEncoder().encode(JSON.stringify(versionOneRecord())));
  });

  after(async () => {
    api?.answerModals(undefined);
    await disconnectFromEmulator(emulator);
  });

  it('declares its view, its container and its two commands', async () => {
    const manifest = vscode.extensions.getExtension('fluxredux.flux-redux-variations')?.packageJSON as {
      contributes: { commands: { command: string }[]; views: Record<string, { id: string; type?: string }[]>; viewsContainers: { activitybar: { id: string }[] } };
    };
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === 'fluxRedux'));
    assert.deepEqual(manifest.contributes.views.fluxRedux.map((v) => [v.id, v.type]), [['fluxRedux.history', 'webview']]);
    const commands = manifest.contributes.commands.map((c) => c.command);
    assert.ok(commands.includes('fluxRedux.showHistory') && commands.includes('fluxRedux.clearHistory'));
  });

  it('shows the status bar item while a run goes, and hides it after', async () => {
    const seen: string[] = [];
    const listening = api.runs.onDidChange((record) => {
      if (record.phase === 'generating') {
        const shown = api.history.statusBar.shown;
        // What the item counted, so a run wrongly left on the list is named in the failure.
        const active = api.history.live.activeIds().map((id) => `${id} ${api.history.live.get(id)?.record.phase} ${api.history.live.get(id)?.record.source.name}`);
        seen.push(`${shown.visible} ${shown.text} [${active.join('; ')}]`);
      }
    });
    try {
      await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 2, format: 'png', seed: 31337, aspect_ratio: '16:9' });
    } finally {
      listening.dispose();
    }
    assert.ok(seen.length > 0 && seen.every((line) => line.startsWith('true $(sync~spin) 1 variation running')), `shown while generating: ${JSON.stringify(seen)}`);
    assert.deepEqual(api.history.statusBar.shown, { text: '', visible: false });
  });

  it('lists every stored run newest first after Show History, version-1 records included', async () => {
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1, format: 'webp' });
    await vscode.commands.executeCommand('fluxRedux.showHistory');
    const runs = await waitFor('the history to list the new run', async () => {
      const listed = await shownRuns();
      return listed.some((run) => run.id === result.generationId) ? listed : undefined;
    });
    const times = runs.map((run) => Date.parse(run.createdAt));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.equal(runs[0].id, result.generationId);
    assert.equal(runs[0].sourceName, 'lighthouse.png');
    assert.equal(runs[0].state.kind, 'done');
    assert.equal(runs[0].thumbs.length, 1);
    assert.equal(runs[0].thumbs[0].alt, 'Variation 1 of lighthouse.png');
    const old = runs.find((run) => run.id === VERSION_ONE_ID);
    assert.ok(old, 'the 0.1.0 record is listed');
    assert.deepEqual(old.state, { kind: 'failed', words: 'Failed: The old words of a failure.' });
    assert.equal(runs[runs.length - 1].id, VERSION_ONE_ID, 'the oldest is last');
  });

  it('refuses forged messages and deletes a run only after the user says so', async () => {
    const victim = (await shownRuns()).find((run) => run.id !== VERSION_ONE_ID);
    assert.ok(victim);
    for (const forged of [
      { type: 'deleteRun', generationId: '../../../etc' },
      { type: 'deleteRun', generationId: victim.id, path: '/' },
      { type: 'deleteRun', generationId: '20990101T000000000-nosuch' },
      { type: 'openResult', generationId: victim.id, resultId: '../record.json' },
      { type: 'rm', generationId: victim.id },
      null,
    ]) {
      await api.history.view.handleMessage(forged);
    }
    assert.ok(await exists(folderOf(victim.id)), 'nothing was removed');

    const asked: string[] = [];
    api.answerModals((question) => {
      asked.push(question.message);
      return undefined;
    });
    await api.history.view.handleMessage({ type: 'deleteRun', generationId: victim.id });
    assert.deepEqual(asked, ['Delete the run of lighthouse.png from the history?']);
    assert.ok(await exists(folderOf(victim.id)), 'declined: still there');

    api.answerModals((question) => question.action);
    await api.history.view.handleMessage({ type: 'deleteRun', generationId: victim.id });
    assert.equal(await exists(folderOf(victim.id)), false, 'its folder is gone');
    assert.ok(!(await shownRuns()).some((run) => run.id === victim.id), 'and the list no longer shows it');
  });

  it('Clear History says how many runs and megabytes, then removes every finished run', async () => {
    const listed = await shownRuns();
    const finished = listed.filter((run) => run.state.kind !== 'running' && run.state.kind !== 'unfinished');
    assert.ok(finished.length >= 2, `runs to clear: ${finished.length}`);
    const asked: string[] = [];
    api.answerModals((question) => {
      asked.push(question.message);
      return question.action;
    });
    const removed = await vscode.commands.executeCommand<number>('fluxRedux.clearHistory');
    assert.equal(asked.length, 1);
    assert.match(asked[0], new RegExp(`^Remove ${finished.length} runs \\(\\d+\\.\\d MB\\) from the history\\?$`));
    assert.equal(removed, finished.length);
    assert.equal(await exists(folderOf(VERSION_ONE_ID)), false);
    assert.deepEqual((await shownRuns()).filter((run) => run.state.kind !== 'unfinished' && run.state.kind !== 'running'), []);
  });

  it('marks a run and a result favourites, on disk, and Clear History keeps them', async () => {
    const kept = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 2, format: 'png' });
    const plain = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1, format: 'png' });
    const run = (await shownRuns()).find((r) => r.id === kept.generationId);
    assert.ok(run && run.thumbs.length === 2);
    await api.history.view.handleMessage({ type: 'setFavourite', generationId: kept.generationId, resultId: run.thumbs[1].resultId, favourite: true });
    const stored = await api.store.load(kept.generationId);
    assert.deepEqual(stored?.results.map((r) => r.favourite === true), [false, true]);
    const listed = (await shownRuns()).find((r) => r.id === kept.generationId);
    assert.deepEqual(listed?.thumbs.map((thumb) => thumb.favourite), [false, true]);
    assert.equal(listed?.inWorkspace, true, 'its source is in the workspace');

    const asked: string[] = [];
    api.answerModals((question) => {
      asked.push(`${question.message} ${question.detail ?? ''}`);
      return question.action;
    });
    await vscode.commands.executeCommand<number>('fluxRedux.clearHistory');
    assert.match(asked[0], /1 favourite run is kept\./);
    assert.ok(await exists(folderOf(kept.generationId)), 'the favourite stays');
    assert.equal(await exists(folderOf(plain.generationId)), false);

    await api.history.view.handleMessage({ type: 'setFavourite', generationId: kept.generationId, resultId: run.thumbs[1].resultId, favourite: false });
    assert.equal((await api.store.load(kept.generationId))?.results.some((r) => r.favourite), false, 'unmarked');
  });

  it('sees a run another window writes, refuses to delete it while it runs, and shows its children "parent deleted"', async () => {
    const otherId = '20300101T000000000-other1';
    const childId = '20300101T000001000-child1';
    await vscode.commands.executeCommand('fluxRedux.showHistory');
    await waitFor('the history view to watch for other windows', () => api.history.marker.watching || undefined);
    const seenBefore = api.history.view.changesSeenElsewhere;
    // The second writer: its lease on the run (src/runs/lease.ts: a fresh token file), its record,
    // then a stamp in its own marker file.
    const otherLease = vscode.Uri.joinPath(api.globalStorageUri, 'leases', otherId);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(otherLease, 'other-window-1'), new Uint8Array());
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folderOf(otherId), 'source.png'), gradientPng(96, 64));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folderOf(otherId), 'record.json'), new TextEncoder().encode(JSON.stringify(otherWindowRecord(otherId, {}))));
    const started = Date.now();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(api.globalStorageUri, 'history-changed', 'other-window'), new TextEncoder().encode('1'));
    await waitFor('the view to notice the other window', () => api.history.view.changesSeenElsewhere > seenBefore || undefined, 5_000);
    assert.ok(Date.now() - started < 2_000, `noticed within 2 s (${Date.now() - started} ms)`);
    const listed = (await shownRuns()).find((r) => r.id === otherId);
    assert.deepEqual(listed?.state, { kind: 'running', words: 'Generating in another window…' });

    const asked: string[] = [];
    api.answerModals((question) => {
      asked.push(question.message);
      return question.action;
    });
    await api.history.view.handleMessage({ type: 'deleteRun', generationId: otherId });
    assert.deepEqual(asked, [], 'refused without asking');
    assert.ok(await exists(folderOf(otherId)), 'still there while it runs elsewhere');

    // It ends in the other window, which lets its lease go and then has a child of it; now it may go.
    await vscode.workspace.fs.delete(otherLease, { recursive: true });
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folderOf(otherId), 'record.json'),
      new TextEncoder().encode(JSON.stringify(otherWindowRecord(otherId, { phase: 'failed', failure: { kind: 'internal', actions: [], facts: { what: 'internal' } } }))),
    );
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folderOf(childId), 'source.png'), gradientPng(96, 64));
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folderOf(childId), 'record.json'),
      new TextEncoder().encode(JSON.stringify(otherWindowRecord(childId, { phase: 'cancelled', parent: { generationId: otherId, resultIndex: 1 } }))),
    );
    assert.equal((await shownRuns()).find((r) => r.id === childId)?.parentDeleted, false);
    await api.history.view.handleMessage({ type: 'deleteRun', generationId: otherId });
    assert.deepEqual(asked, ['Delete the run of far.png from the history?']);
    assert.equal(await exists(folderOf(otherId)), false);
    assert.equal((await shownRuns()).find((r) => r.id === childId)?.parentDeleted, true, 'its child says parent deleted');
  });
});
