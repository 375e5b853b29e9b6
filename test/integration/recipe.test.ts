import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { readXmpWithExifTool } from '../fixtures/imaging/exiftool';
import { withRecipe } from '../../src/recipe/embed';
import { readRecipe } from '../../src/recipe/readRecipe';
import { EXTENSION_ID, logsSay, setUserSetting, waitFor, workspaceRoot, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

const OPTIONS = {
  format: 'png',
  aspect_ratio: '16:9',
  num_outputs: 2,
  num_inference_steps: 12,
  seed: 42,
  output_quality: 90,
  disable_safety_checker: false,
  megapixels: '1',
};

describe('The recipe in saved files, in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let source: vscode.Uri;
  const folder = () => vscode.Uri.joinPath(workspaceRoot(), 'recipe', 'variations');

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    source = await writeWorkspaceFile('recipe/a & <b>.png', gradientPng(96, 64));
  });

  after(async () => {
    await setUserSetting('fluxRedux.embedRecipe', undefined);
    await disconnectFromEmulator(emulator);
  });

  beforeEach(async () => {
    emulator.reset();
    await vscode.workspace.fs.delete(folder(), { recursive: true }).then(undefined, () => undefined);
  });

  async function savedBytes(generationId: string, index: number): Promise<Uint8Array> {
    const savedUri = (await api.store.load(generationId))?.results[index].savedUri;
    assert.ok(savedUri, `variation ${index + 1} was saved`);
    return vscode.workspace.fs.readFile(vscode.Uri.parse(savedUri));
  }

  it('saves every result with its recipe, which ExifTool reads back; the stored copies stay as the server sent them', async () => {
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, OPTIONS);
    const storedBefore = await Promise.all(result.results.map((uri) => vscode.workspace.fs.readFile(uri)));

    await api.galleries.onIntent(result.generationId, { type: 'saveAll' });

    const record = await api.store.load(result.generationId);
    assert.ok(record);
    const sourceCopy = await api.store.readFile(record.id, record.source.storedFile);
    const version = String((vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version?: unknown } | undefined)?.version);
    for (const [index, uri] of result.results.entries()) {
      const saved = await savedBytes(result.generationId, index);
      const tags = await readXmpWithExifTool(saved, 'png');
      assert.deepEqual(
        {
          tool: tags['XMP-fluxRedux:Tool'],
          version: tags['XMP-fluxRedux:ToolVersion'],
          model: tags['XMP-fluxRedux:Model'],
          aspect: tags['XMP-fluxRedux:AspectRatio'],
          outputs: tags['XMP-fluxRedux:NumOutputs'],
          format: tags['XMP-fluxRedux:Format'],
          megapixels: tags['XMP-fluxRedux:Megapixels'],
          steps: tags['XMP-fluxRedux:NumInferenceSteps'],
          quality: tags['XMP-fluxRedux:OutputQuality'],
          seed: tags['XMP-fluxRedux:Seed'],
          safetyOff: tags['XMP-fluxRedux:DisableSafetyChecker'],
          sourceName: tags['XMP-fluxRedux:SourceName'],
          sourceHash: tags['XMP-fluxRedux:SourceSHA256'],
          generation: tags['XMP-fluxRedux:GenerationId'],
          recordId: tags['XMP-fluxRedux:RecordId'],
        },
        {
          tool: 'Flux Redux Variations',
          version,
          model: 'black-forest-labs/flux-redux-dev',
          aspect: '16:9',
          outputs: 2,
          format: 'png',
          megapixels: 1,
          steps: 12,
          quality: 90,
          seed: 42,
          safetyOff: false,
          sourceName: 'a & <b>.png',
          sourceHash: createHash('sha256').update(sourceCopy).digest('hex'),
          generation: result.generationId,
          recordId: record.recordId,
        },
      );
      assert.ok(typeof tags['XMP-fluxRedux:CreatedAt'] === 'string');
      assert.equal(Buffer.from(saved).includes(Buffer.from(workspaceRoot().fsPath)), false, 'no absolute path in the file');
      const storedAfter = await vscode.workspace.fs.readFile(uri);
      assert.ok(Buffer.from(storedAfter).equals(Buffer.from(storedBefore[index])), 'the stored copy is unchanged');
      assert.equal(Buffer.from(storedAfter).includes(Buffer.from('fluxredux.dev/ns/recipe')), false, 'the stored copy has no recipe');
    }
    const left = (await vscode.workspace.fs.readDirectory(folder())).map(([name]) => name).sort();
    assert.equal(left.length, 2, `only the saved files are in the folder: ${left.join(', ')}`);
    assert.ok(left.every((name) => !name.endsWith('.tmp')));
  });

  it('Save As… writes the recipe too', async () => {
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { ...OPTIONS, num_outputs: 1 });
    const target = vscode.Uri.joinPath(folder(), 'chosen.png');
    await vscode.workspace.fs.createDirectory(folder());
    api.setSaveDialog({ ask: async () => target });
    try {
      await api.galleries.onIntent(result.generationId, { type: 'saveAs', resultId: 'r1' });
    } finally {
      api.setSaveDialog(undefined);
    }
    const tags = await readXmpWithExifTool(await vscode.workspace.fs.readFile(target), 'png');
    assert.equal(tags['XMP-fluxRedux:GenerationId'], result.generationId);
    assert.equal(tags['XMP-fluxRedux:Seed'], 42);
  });

  it('with fluxRedux.embedRecipe off, saves exactly the bytes the server sent', async () => {
    await setUserSetting('fluxRedux.embedRecipe', false);
    try {
      const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { ...OPTIONS, num_outputs: 1 });
      await api.galleries.onIntent(result.generationId, { type: 'save', resultId: 'r1' });
      const saved = await savedBytes(result.generationId, 0);
      const stored = await vscode.workspace.fs.readFile(result.results[0]);
      assert.ok(Buffer.from(saved).equals(Buffer.from(stored)), 'byte for byte the stored result');
      const tags = await readXmpWithExifTool(saved, 'png');
      assert.deepEqual(Object.keys(tags).filter((key) => key.startsWith('XMP-fluxRedux:')), []);
    } finally {
      await setUserSetting('fluxRedux.embedRecipe', undefined);
    }
  });
});

type InteractiveResult = { generationId: string }[] | undefined;

/**
 * "Use the settings this image was made with" and "Reproduce it exactly": the first quick pick
 * of a saved variation offers its recipe. The quick pick is answered with the workbench's own
 * commands, `downs` rows below "Run with current settings".
 */
describe('The recipe of a chosen image in the first quick pick, in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let saved: vscode.Uri;
  let made: { generationId: string; sourceSha256: string };

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    const source = await writeWorkspaceFile('recipe-pick/harbour.png', gradientPng(80, 48));
    const result = await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { ...OPTIONS, num_outputs: 1 }, { save: true });
    const record = await api.store.load(result.generationId);
    assert.ok(record?.results[0].savedUri, 'the variation was saved with its recipe');
    saved = vscode.Uri.parse(record.results[0].savedUri);
    made = {
      generationId: result.generationId,
      sourceSha256: createHash('sha256').update(await api.store.readFile(record.id, record.source.storedFile)).digest('hex'),
    };
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await disconnectFromEmulator(emulator);
  });

  beforeEach(() => {
    emulator.reset();
  });

  /** Runs the Explorer's command on `uri` and picks the row `downs` below the first, once the recipe was read. */
  async function createFromFirstPick(uri: vscode.Uri, downs: number, logged: string): Promise<InteractiveResult> {
    const command = Promise.resolve(vscode.commands.executeCommand<InteractiveResult>('fluxRedux.createVariationsFromResource', uri, [uri]));
    // The line is logged just before the quick pick is shown, and reaches the disk after it; the
    // workbench gets the commands below after the quick pick (one channel, in order).
    await waitFor(`the log to say "${logged}"`, () => logsSay(api.logUri, logged), 30_000);
    for (let row = 0; row < downs; row++) {
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    }
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return command;
  }

  async function finished(generationId: string) {
    return waitFor('the run to finish', async () => {
      const record = (await api.runs.get(generationId))?.record;
      return record && (record.phase === 'done' || record.phase === 'failed') ? record : undefined;
    }, 60_000);
  }

  it('"Use the settings this image was made with" varies the saved image with its recipe\'s model and options, seed included', async () => {
    const result = await createFromFirstPick(saved, 1, `${saved.path.split('/').pop()} carries the recipe of generation ${made.generationId}`);
    assert.equal(result?.length, 1, 'one run started');
    const record = await finished(result[0].generationId);
    assert.equal(record.source.name, saved.path.split('/').pop(), 'the chosen image is the source');
    assert.equal(record.model, 'black-forest-labs/flux-redux-dev');
    assert.deepEqual(record.options, { ...OPTIONS, num_outputs: 1 });
    const features = emulator.requests.filter((request) => request.server === 'api' && request.path === '/api/features');
    assert.equal(features.length, 1, 'one paid call');
  });

  it('"Reproduce it exactly" sends the stored original with the same seed', async () => {
    // A copy under a name of its own, so the log line to wait for is this run's.
    const namedCopy = await writeWorkspaceFile('recipe-pick/to-reproduce.png', await vscode.workspace.fs.readFile(saved));
    const result = await createFromFirstPick(namedCopy, 2, `to-reproduce.png carries the recipe of generation ${made.generationId}; its original source is stored with generation ${made.generationId}`);
    assert.equal(result?.length, 1, 'one run started');
    const record = await finished(result[0].generationId);
    assert.equal(record.source.name, 'harbour.png', 'the original, not the saved variation');
    assert.deepEqual(record.options, { ...OPTIONS, num_outputs: 1 });
    const copy = await api.store.readFile(record.id, record.source.storedFile);
    assert.equal(createHash('sha256').update(copy).digest('hex'), made.sourceSha256, 'exactly the bytes uploaded the first time');
  });

  it('ignores a recipe that does not check out, with a log line, and offers the usual first step', async () => {
    const bytes = await vscode.workspace.fs.readFile(saved);
    const read = readRecipe(bytes);
    assert.equal(read.kind, 'recipe');
    // The seed edited out of range, as a careless hand might, in an otherwise sound file.
    const edited = read.kind === 'recipe' ? withRecipe(bytes, { ...read.recipe, options: { ...read.recipe.options, seed: -1 } }) : undefined;
    assert.ok(edited?.ok);
    const broken = await writeWorkspaceFile('recipe-pick/edited.png', edited.bytes);
    const result = await createFromFirstPick(broken, 0, 'edited.png carries a recipe that is not used: Seed: seed must be a whole number');
    assert.equal(result?.length, 1, '"Run with current settings" ran');
    const record = await finished(result[0].generationId);
    assert.equal(record.source.name, 'edited.png');
  });
});
