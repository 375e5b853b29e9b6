import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { readXmpWithExifTool } from '../fixtures/imaging/exiftool';
import { EXTENSION_ID, setUserSetting, workspaceRoot, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
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
