/**
 * Issue 13 through the real save path: `{ save: true }` in each output format, a source named
 * `a & <b>.png`, every saved file read back and validated by ExifTool, and the saved pixels those
 * of the stored result (wasm-vips).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import { exifToolValidation, readXmpWithExifTool } from '../fixtures/imaging/exiftool';
import { decodePixels } from '../fixtures/imaging/support';
import { waitFor, writeWorkspaceFile, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface SavingResult {
  generationId: string;
  results: vscode.Uri[];
  saved?: vscode.Uri[];
}

const FORMATS = [
  { format: 'png', extension: 'png' },
  { format: 'webp', extension: 'webp' },
  { format: 'jpg', extension: 'jpg' },
] as const;

describe('The recipe of { save: true } in every format, read by ExifTool in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
  });

  after(async () => {
    await disconnectFromEmulator(emulator);
  });

  for (const { format, extension } of FORMATS) {
    it(`saves ${format} results of "a & <b>.png" with every recipe field, valid XMP and the stored pixels`, async () => {
      const source = await writeWorkspaceFile(`recipe-formats/${format}/a & <b>.png`, gradientPng(88, 64));
      const options = { format, aspect_ratio: '16:9', num_outputs: 2, num_inference_steps: 5, seed: 2024, output_quality: 85, disable_safety_checker: false, megapixels: '0.25' };
      const result = await vscode.commands.executeCommand<SavingResult>('fluxRedux.createVariations', source, options, { save: true });
      assert.equal(result.saved?.length, 2, 'both results saved');
      const record = await waitFor('the record', () => api.store.load(result.generationId));
      for (const [index, uri] of (result.saved ?? []).entries()) {
        assert.ok(uri.path.endsWith(`.${extension}`), uri.path);
        const saved = await vscode.workspace.fs.readFile(uri);
        const tags = await readXmpWithExifTool(saved, extension);
        assert.equal(tags['XMP-fluxRedux:SourceName'], 'a & <b>.png', 'the name as it is, no folders');
        assert.equal(tags['XMP-fluxRedux:Format'], format);
        assert.equal(String(tags['XMP-fluxRedux:Seed']), '2024');
        assert.equal(tags['XMP-fluxRedux:GenerationId'], result.generationId);
        assert.equal(tags['XMP-fluxRedux:Model'], record.model);
        for (const field of ['Tool', 'ToolVersion', 'AspectRatio', 'NumOutputs', 'Megapixels', 'NumInferenceSteps', 'OutputQuality', 'DisableSafetyChecker', 'SourceSHA256', 'RecordId', 'CreatedAt']) {
          assert.notEqual(tags[`XMP-fluxRedux:${field}`], undefined, `${field} is in the ${format} file`);
        }
        assert.equal(tags['XMP-fluxRedux:ParentGenerationId'], undefined, 'a run from a file has no parent');
        assert.ok(!Object.values(tags).some((value) => String(value).includes(workspaceFolderPath())), 'no absolute path');
        assert.deepEqual(await exifToolValidation(saved, extension), ['Validate: OK'], `exiftool -validate -warning on the ${format} file`);
        const stored = await api.store.readFile(record.id, record.results[index].file!);
        assert.deepEqual(await decodePixels(saved), await decodePixels(stored), 'the pixels of the stored result');
        assert.ok(!Buffer.from(stored).includes('fluxRedux'), 'the stored copy stays as the server sent it');
      }
    });
  }
});

function workspaceFolderPath(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}
