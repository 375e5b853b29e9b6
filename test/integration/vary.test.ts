/**
 * Issue 13 in the real VS Code: Vary on a stored result starts a new run from that result (read
 * from global storage, never saved into the workspace first), through the gallery's one-time
 * offer and the quick picks with the parent's settings; the new record keeps its parent, its
 * gallery and the history say where it came from, and its saved files go beside the first
 * source with ParentGenerationId in their recipe, read back with ExifTool.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import type { GenerationRecord } from '../../src/runs/record';
import type { GalleryView } from '../../src/shared/protocol';
import { readXmpWithExifTool } from '../fixtures/imaging/exiftool';
import { waitFor, workspaceRoot, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

interface FeaturesBody {
  model: string;
  promptObject: Record<string, unknown>;
}

const OPTIONS = { format: 'png', aspect_ratio: '1:1', num_outputs: 2, num_inference_steps: 4, seed: 42, megapixels: '0.25' };

describe('Vary in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await disconnectFromEmulator(emulator);
  });

  beforeEach(() => emulator.reset());

  const featuresCalls = () => emulator.requests.filter((r) => r.server === 'api' && r.path === '/api/features');

  function latestView(generationId: string): GalleryView | undefined {
    return api.probe.postedTo(generationId).flatMap((m) => (m.type === 'init' || m.type === 'update' ? [m.view] : [])).at(-1);
  }

  /** The token of result `resultId`'s Vary offer in the newest view, once one differs from `unlike`. */
  function varyToken(generationId: string, resultId: string, unlike?: string): Promise<string> {
    return waitFor(`the Vary offer of ${resultId}`, () => {
      const token = latestView(generationId)?.results.find((r) => r.id === resultId)?.vary?.token;
      return token !== unlike ? token : undefined;
    }, 60_000);
  }

  async function finished(id: string): Promise<GenerationRecord> {
    return waitFor(`run ${id} to finish`, async () => {
      const loaded = await api.store.load(id);
      return loaded?.phase === 'done' ? loaded : undefined;
    }, 60_000);
  }

  it('varies a stored result: one run for a double click, from the stored bytes, with the parent recorded and shown', async () => {
    const source = await writeWorkspaceFile('vary/harbour.png', gradientPng(96, 64));
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, OPTIONS);
    const parent = await finished(first.generationId);
    const storedResult = await api.store.readFile(parent.id, parent.results[1].file!);
    const panel = await waitFor('the gallery of the first run', () => api.galleries.panelFor(parent.id));
    panel.reveal();
    const token = await varyToken(parent.id, 'r2');

    const started: string[] = [];
    const subscription = api.runs.onDidChange((record) => {
      if (record.id !== parent.id && !started.includes(record.id)) {
        started.push(record.id);
      }
    });
    let childId: string;
    try {
      const request = { type: 'vary', resultId: 'r2', token };
      // A double click: the second request finds the offer used and starts nothing.
      const handled = Promise.all([panel.handleMessage(request), panel.handleMessage(request)]);
      // Step 1's first item runs with the parent's settings: one Enter starts the run.
      childId = await waitFor('the Vary run to start', async () => {
        if (started.length === 0) {
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        }
        return started[0];
      }, 30_000);
      await handled;
      await panel.handleMessage(request);
    } finally {
      subscription.dispose();
    }
    const child = await finished(childId);
    assert.deepEqual(started, [childId], 'one new run for three requests with one token');
    assert.notEqual(await varyToken(parent.id, 'r2', token), token, 'the next view brings a new offer');

    assert.deepEqual(child.parent, { generationId: parent.id, resultIndex: 2 });
    assert.deepEqual(child.lineageRoot, { generationId: parent.id, sourceName: 'harbour.png', sourceUri: source.toString() });
    assert.equal(child.source.name, 'harbour-variation-2.png');
    assert.equal(child.model, parent.model);
    assert.notEqual(child.options.seed, 42, 'a new seed');
    assert.deepEqual({ ...child.options, seed: 42 }, parent.options, 'the parent’s settings otherwise');
    const childSource = await api.store.readFile(child.id, child.source.storedFile);
    assert.ok(Buffer.from(childSource).equals(Buffer.from(storedResult)), 'the source is the stored result, byte for byte');
    const uploads = emulator.requests.filter((r) => r.upload && Buffer.from(storedResult).equals(r.upload.bytes));
    assert.equal(uploads.length, 1, 'the stored result was uploaded as it is');
    assert.equal(featuresCalls().length, 2, 'one more paid call');
    assert.equal((featuresCalls()[1].body as FeaturesBody).promptObject.seed, child.options.seed);

    // The child's gallery says where it came from; its breadcrumb opens the parent's gallery.
    const childPanel = await waitFor('the gallery of the Vary run', () => api.galleries.panelFor(child.id));
    childPanel.reveal();
    // The child's webview loads only once shown; under load that takes as long as the Vary offer above.
    const lineage = await waitFor('the breadcrumb', () => latestView(child.id)?.lineage, 60_000);
    assert.equal(lineage.text, 'Variation of harbour.png › variation 2');
    assert.deepEqual(lineage.crumbs.map((c) => [c.generationId, c.resultId]), [[parent.id, undefined], [parent.id, 'r2']]);
    await childPanel.handleMessage({ type: 'openLineage', generationId: '20200101T000000000-zzzzzz' });
    assert.ok(api.galleries.panelFor(parent.id), 'a link outside the lineage is refused, the parent stays open');

    // The history tells the same story.
    const row = (await api.history.view.currentView()).runs.find((r) => r.id === child.id);
    assert.equal(row?.lineage?.text, 'Variation of harbour.png › variation 2');

    // Saved beside the first source, with ParentGenerationId in the recipe.
    await api.galleries.onIntent(child.id, { type: 'save', resultId: 'r1' });
    const saved = (await api.store.load(child.id))?.results[0].savedUri;
    assert.equal(saved, vscode.Uri.joinPath(workspaceRoot(), 'vary', 'variations', 'harbour-variation-2-variation-1.png').toString());
    const tags = await readXmpWithExifTool(await vscode.workspace.fs.readFile(vscode.Uri.parse(saved)), 'png');
    assert.equal(tags['XMP-fluxRedux:ParentGenerationId'], parent.id);
    assert.equal(tags['XMP-fluxRedux:GenerationId'], child.id);
    assert.equal(tags['XMP-fluxRedux:SourceName'], 'harbour-variation-2.png');
  });

  it('varies a result from the history through its row’s one-time offer', async () => {
    const source = await writeWorkspaceFile('vary/lighthouse.png', gradientPng(80, 64));
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { ...OPTIONS, num_outputs: 1 });
    const parent = await finished(first.generationId);
    const row = (await api.history.view.currentView()).runs.find((r) => r.id === parent.id);
    const token = row?.thumbs[0]?.vary?.token;
    assert.ok(token, 'the history offers Vary on the stored result');
    const before = new Set(await api.store.listIds());
    const request = { type: 'vary', generationId: parent.id, resultId: 'r1', token };
    const handled = Promise.all([api.history.view.handleMessage(request), api.history.view.handleMessage(request)]);
    const childId = await waitFor('the Vary run from the history', async () => {
      const fresh = (await api.store.listIds()).filter((id) => !before.has(id));
      if (fresh.length === 0) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      return fresh[0];
    }, 30_000);
    await handled;
    const child = await finished(childId);
    assert.deepEqual(child.parent, { generationId: parent.id, resultIndex: 1 });
    assert.equal((await api.store.listIds()).filter((id) => !before.has(id)).length, 1, 'one run for a double click');
    const childRow = (await api.history.view.currentView()).runs.find((r) => r.id === child.id);
    assert.equal(childRow?.lineage?.text, 'Variation of lighthouse.png › variation 1');
  });

  it('refuses Vary without the offer’s token: no quick pick, no run', async () => {
    const source = await writeWorkspaceFile('vary/pier.png', gradientPng(64, 64));
    const first = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { ...OPTIONS, num_outputs: 1 });
    const panel = await waitFor('the gallery', () => api.galleries.panelFor(first.generationId));
    const runsBefore = (await api.store.listIds()).length;
    // Settles at once: a refused request never opens the quick picks it would wait on.
    await panel.handleMessage({ type: 'vary', resultId: 'r1', token: 'madeUpTokenThatWasNeverOffered' });
    await panel.handleMessage({ type: 'vary', resultId: 'r1' });
    assert.equal(featuresCalls().length, 1, 'no paid call beyond the first run');
    assert.equal((await api.store.listIds()).length, runsBefore, 'no new run');
  });
});
