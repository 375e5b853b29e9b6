import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import { sniffImage } from '../../src/shared/imageFormat';
import type { FluxReduxTestApi } from '../../src/extension';
import { exists, setUserSetting, waitFor, workspaceRoot, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng, uniquePng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

const COMMANDS = [
  'fluxRedux.createVariations',
  'fluxRedux.createVariationsFromResource',
  'fluxRedux.setApiKey',
  'fluxRedux.clearApiKey',
  'fluxRedux.showGallery',
  'fluxRedux.showLog',
];

describe('The whole flow in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let source: vscode.Uri;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    source = await writeWorkspaceFile('flow/harbour.png', gradientPng(96, 64));
  });

  after(async () => {
    await disconnectFromEmulator(emulator);
  });

  beforeEach(() => emulator.reset());

  it('registers every command', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of COMMANDS) {
      assert.ok(all.includes(id), `${id} is registered`);
    }
  });

  it('uploads, generates with exactly the given options, stores the results and opens the gallery', async () => {
    const options = {
      format: 'png',
      aspect_ratio: '16:9',
      num_outputs: 2,
      num_inference_steps: 12,
      seed: 4242,
      output_quality: 90,
      disable_safety_checker: false,
      megapixels: '1',
    };
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, options);

    const upload = emulator.requests.find((r) => r.server === 'api' && r.path === '/api/assets');
    assert.ok(upload?.upload, 'the image was uploaded through the Asset API');
    assert.equal(upload.upload.field, 'asset');
    assert.equal(upload.upload.fileName, 'harbour.png');
    assert.equal(upload.upload.contentType, 'image/png');

    const features = emulator.requests.filter((r) => r.server === 'api' && r.path === '/api/features');
    assert.equal(features.length, 1, 'one paid call');
    const body = features[0].body as { type: string; model: string; promptObject: Record<string, unknown> };
    assert.equal(body.type, 'IMAGE_VARIATOR');
    assert.equal(body.model, 'black-forest-labs/flux-redux-dev');
    const { imageUrl, ...sent } = body.promptObject;
    assert.deepEqual(sent, options);
    assert.ok(emulator.uploadedPaths().includes(String(imageUrl)), 'imageUrl is the path the upload returned');
    assert.deepEqual(emulator.keyLeaks, [], 'the key never reached the asset host');

    assert.equal(result.results.length, 2);
    for (const uri of result.results) {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const image = sniffImage(bytes);
      assert.equal(image?.format, 'png');
      assert.deepEqual([image?.width, image?.height], [1344, 768]);
      assert.match(uri.path, /variation-\d\.png$/, 'named by the real format, not ".undefined"');
    }

    const stored = await api.store.load(result.generationId);
    assert.equal(stored?.phase, 'done');
    assert.equal(stored?.options.seed, 4242);
    assert.ok(stored?.recordId, 'the server record id is kept');

    const panel = await waitFor('the gallery panel', () => api.galleries.panelFor(result.generationId));
    assert.equal(panel.panel.title, 'Variations: harbour.png');
    assert.equal(panel.panel.viewType, 'fluxRedux.gallery');
  });

  it('draws and records a seed when none is given, and takes missing options from the settings', async () => {
    await setUserSetting('fluxRedux.defaults.format', 'jpg');
    try {
      const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1 });
      const body = emulator.requests.find((r) => r.path === '/api/features')?.body as { promptObject: Record<string, unknown> };
      assert.equal(body.promptObject.format, 'jpg');
      assert.equal(body.promptObject.megapixels, '1');
      assert.equal(body.promptObject.num_inference_steps, 28);
      assert.ok(Number.isInteger(body.promptObject.seed), 'a seed was drawn and sent');
      const stored = await api.store.load(result.generationId);
      assert.equal(stored?.options.seed, body.promptObject.seed);
      assert.equal(sniffImage(await vscode.workspace.fs.readFile(result.results[0]))?.format, 'jpeg');
    } finally {
      await setUserSetting('fluxRedux.defaults.format', undefined);
    }
  });

  // The rule changed (issue 14): the lowest free number named Variation 2 "-variation-1" in an
  // empty folder, so a file's name no longer said which variation it held. Variation n is now
  // always "-variation-n", with "-n-k" (lowest free k ≥ 2) when that name is taken.
  it('saves variation n as -variation-n, adding the lowest free -k when taken, and Save all saves the rest', async () => {
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, {
      num_outputs: 3,
      format: 'webp',
      megapixels: '0.25',
    });
    const folder = vscode.Uri.joinPath(workspaceRoot(), 'flow', 'variations');
    await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.fs.createDirectory(folder);
    for (const taken of ['harbour-variation-2.webp', 'harbour-variation-2-2.webp']) {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, taken), new Uint8Array([1]));
    }

    await api.galleries.onIntent(result.generationId, { type: 'save', resultId: 'r2' });
    const first = vscode.Uri.joinPath(folder, 'harbour-variation-2-3.webp');
    assert.ok(await exists(first), 'variation 2 under its own number, with the lowest free suffix');
    assert.equal(sniffImage(await vscode.workspace.fs.readFile(first))?.format, 'webp');
    for (const taken of ['harbour-variation-2.webp', 'harbour-variation-2-2.webp']) {
      assert.deepEqual([...(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, taken)))], [1], `${taken} was not overwritten`);
    }

    await api.galleries.onIntent(result.generationId, { type: 'saveAll' });
    for (const n of [1, 3]) {
      assert.ok(await exists(vscode.Uri.joinPath(folder, `harbour-variation-${n}.webp`)), `variation ${n} saved as -variation-${n}`);
    }
    assert.equal(await exists(vscode.Uri.joinPath(folder, 'harbour-variation-2-4.webp')), false, 'Save all skips the saved one');
    const stored = await api.store.load(result.generationId);
    assert.deepEqual(
      stored?.results.map((r) => r.savedTo),
      ['flow/variations/harbour-variation-1.webp', 'flow/variations/harbour-variation-2-3.webp', 'flow/variations/harbour-variation-3.webp'],
    );
    assert.equal(stored?.results[1].savedUri, first.toString(), 'the record keeps the saved URI');

    await api.galleries.onIntent(result.generationId, { type: 'revealSaved', resultId: 'r1' });
    assert.equal((await api.store.load(result.generationId))?.results[0].savedTo, 'flow/variations/harbour-variation-1.webp', 'a file still there stays saved');
    // Revealing a saved file that was deleted meanwhile forgets it, so it can be saved again.
    await vscode.workspace.fs.delete(first);
    await api.galleries.onIntent(result.generationId, { type: 'revealSaved', resultId: 'r2' });
    const forgotten = await api.store.load(result.generationId);
    assert.equal(forgotten?.results[1].savedTo, undefined);
    assert.equal(forgotten?.results[1].savedUri, undefined);
  });

  it('shows fewer results than asked as withheld, not as a failure', async () => {
    emulator.setWithheld(1);
    try {
      const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 3 });
      assert.equal(result.results.length, 2);
      const stored = await api.store.load(result.generationId);
      assert.equal(stored?.phase, 'done');
      assert.equal(stored?.withheld, 1);
    } finally {
      emulator.setWithheld(0);
    }
  });

  it('rejects invalid options with the words a user would see, before anything is sent', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', source, { num_outputs: 5 })),
      /num_outputs/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', source, { megapixels: 1 })),
      /megapixels/,
    );
    assert.equal(emulator.requests.length, 0);
  });

  it('refuses a file that is not an image, and changes nothing', async () => {
    const fake = await writeWorkspaceFile('flow/notes.png', new TextEncoder().encode('just some text'));
    const before = await api.store.listIds();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', fake, { num_outputs: 1 })),
      /is not an image/,
    );
    assert.deepEqual(await api.store.listIds(), before, 'no generation was created');
    assert.equal(emulator.requests.length, 0);
  });

  it('turns a rejected key into a clear failure with the server\'s words, kept in the gallery', async () => {
    const fresh = await writeWorkspaceFile('flow/fresh-401.png', uniquePng());
    emulator.injectFault({ endpoint: 'upload', kind: 'status', status: 401, message: 'API Key has been deleted' });
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', fresh, { num_outputs: 1 })),
      (error: Error) => {
        assert.match(error.message, /API Key has been deleted/);
        assert.doesNotMatch(error.message, new RegExp(emulator.apiKey));
        return true;
      },
    );
    const latest = await api.store.latest();
    assert.equal(latest?.phase, 'failed');
    assert.ok(latest?.failure?.actions.includes('setApiKey'), 'offers "Set API Key"');
  });

  it('uses ONEMIN_AI_API_KEY when no key is stored, and the stored key once set', async () => {
    await vscode.commands.executeCommand('fluxRedux.clearApiKey', { confirm: false });
    process.env.ONEMIN_AI_API_KEY = emulator.apiKey;
    try {
      await vscode.commands.executeCommand('fluxRedux.createVariations', source, { num_outputs: 1 });
      const keys = emulator.requests.filter((r) => r.server === 'api').map((r) => r.headers['api-key']);
      assert.ok(keys.length >= 1 && keys.every((k) => k === emulator.apiKey));
    } finally {
      delete process.env.ONEMIN_AI_API_KEY;
      await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
    }
  });

  it('sends a key changed with Set API Key from the very next run on', async () => {
    const other = 'a-key-the-emulator-does-not-know';
    await vscode.commands.executeCommand('fluxRedux.setApiKey', other);
    try {
      const fresh = await writeWorkspaceFile('flow/changed-key.png', uniquePng());
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('fluxRedux.createVariations', fresh, { num_outputs: 1 })));
      const lastKey = () => emulator.requests.filter((r) => r.server === 'api').at(-1)?.headers['api-key'];
      assert.equal(lastKey(), other);
    } finally {
      await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
    }
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1 });
    assert.equal(result.results.length, 1);
    assert.equal(emulator.requests.filter((r) => r.server === 'api').at(-1)?.headers['api-key'], emulator.apiKey);
  });

  it('reuses the upload of identical bytes on a repeat run, and uploads again when the server forgot it', async () => {
    const repeat = await writeWorkspaceFile('flow/repeat.png', uniquePng());
    await vscode.commands.executeCommand('fluxRedux.createVariations', repeat, { num_outputs: 1 });
    await vscode.commands.executeCommand('fluxRedux.createVariations', repeat, { num_outputs: 1, seed: 5 });
    const uploads = () => emulator.requests.filter((r) => r.path === '/api/assets').length;
    const features = () => emulator.requests.filter((r) => r.path === '/api/features').length;
    assert.equal(uploads(), 1, 'the second run reused the first upload');
    assert.equal(features(), 2);
    emulator.forgetUploads();
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', repeat, { num_outputs: 1 });
    assert.equal(result.results.length, 1, 'the run carried on');
    assert.equal(uploads(), 2, 'uploaded once more after the server said it did not know the image');
  });

  it('reopens the latest run\'s gallery with showGallery', async () => {
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1 });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', () => (api.galleries.panelFor(result.generationId) ? undefined : true));
    // With several runs stored, Show Gallery offers a quick pick of recent runs (issue 12), the
    // newest first and preselected: accept it until the command answers.
    let answered = false;
    const showing = vscode.commands.executeCommand<string>('fluxRedux.showGallery').then((id) => {
      answered = true;
      return id;
    });
    await waitFor('the quick pick of recent runs to be accepted', async () => {
      if (!answered) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      return answered || undefined;
    });
    const shown = await showing;
    assert.equal(shown, result.generationId);
    assert.ok(api.galleries.panelFor(result.generationId));
  });
});
