import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { PreparedUpload } from '../../src/imaging/prepareUpload';
import type { VariationOptions } from '../../src/options/types';
import type { VariationClient } from '../../src/runs/generationRun';
import { RunQueue } from '../../src/runs/queue';
import type { GenerationRecord } from '../../src/runs/record';
import { RunManager } from '../../src/runs/runManager';
import { runParamsForPrepared, runParamsForRetry, runParamsForRunAgain } from '../../src/runs/runParams';
import { GenerationStore } from '../../src/runs/store';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const OPTIONS: VariationOptions = {
  format: 'png', aspect_ratio: '16:9', num_outputs: 1, num_inference_steps: 12, seed: 4242,
  output_quality: 90, disable_safety_checker: false, megapixels: '1',
};

interface Sent {
  uploads: { bytes: Uint8Array; fileName: string; mimeType: string }[];
  generations: { model: string; options: VariationOptions }[];
}

function recordingClient(sent: Sent): VariationClient {
  return {
    uploadAsset: async (file) => {
      sent.uploads.push({ bytes: new Uint8Array(file.bytes), fileName: file.fileName, mimeType: file.mimeType });
      return { path: `images/upload-${sent.uploads.length}` };
    },
    generateVariations: async (request) => {
      sent.generations.push({ model: request.model, options: request.options });
      return { recordId: `rec-${sent.generations.length}`, resultPaths: ['r.png'] };
    },
    downloadResult: async () => ({ bytes: new Uint8Array([9]), format: 'png', width: 8, height: 8, extension: 'png' }),
  };
}

function preparedJpeg(bytes: number[]): PreparedUpload {
  return {
    bytes: new Uint8Array(bytes), mimeType: 'image/jpeg', fileName: 'harbour.jpg',
    width: 1536, height: 1024, sourceFormat: 'jpeg', action: 'downscaled',
  };
}

function record(source: Partial<GenerationRecord['source']>): GenerationRecord {
  return {
    version: 1, id: '20261123T100000-abcdef', createdAt: '', updatedAt: '',
    source: { uri: 'file:///w/x.png', name: 'x.png', storedFile: 'source.png', format: 'png', width: 4, height: 3, bytes: 3, ...source },
    model: 'black-forest-labs/flux-redux-schnell', options: OPTIONS, apiOrigin: 'https://old.example', phase: 'failed', results: [],
  };
}

describe('Reproduce (once Try again) and Run Again from the stored copy', () => {
  let root: string;
  let store: GenerationStore;
  let runs: RunManager;
  let sent: Sent;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-retry-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    sent = { uploads: [], generations: [] };
    let tick = 0;
    runs = new RunManager(
      {
        store,
        createClient: () => recordingClient(sent),
        describe: (error) => ({ kind: 'internal', facts: { what: 'internal' }, logText: String(error), actions: [], cancelled: false, unknownAsset: false }),
        now: () => Date.UTC(2026, 10, 23, 10, 0, tick++),
        random: Math.random,
        log: () => undefined,
      },
      new RunQueue(1),
    );
  });
  afterEach(async () => {
    runs.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('sends the stored copy as it is, with the run’s own model, options and seed, to today’s API', async () => {
    const prepared = { uri: 'file:///w/photos/harbour.jpg', name: 'harbour.jpg', upload: preparedJpeg([1, 2, 3, 4]) };
    const first = await runs.start(runParamsForPrepared(prepared, 'black-forest-labs/flux-redux-schnell', OPTIONS, 'https://api.example'));
    const finished = await first.completion;
    assert.equal(finished.phase, 'done');

    const storedCopy = await store.readFile(finished.id, finished.source.storedFile);
    const again = await runs.start(runParamsForRetry(finished, storedCopy, 'https://new.example'));
    const retried = await again.completion;

    assert.notEqual(retried.id, finished.id, 'a new run with its own folder');
    assert.equal(sent.uploads.length, 2);
    assert.deepEqual(sent.uploads[1], sent.uploads[0], 'the same bytes, name and type go up again, not prepared anew');
    assert.deepEqual(sent.uploads[1].bytes, new Uint8Array([1, 2, 3, 4]));
    assert.deepEqual(sent.generations[1], { model: 'black-forest-labs/flux-redux-schnell', options: OPTIONS }, 'model, options and seed of the run');
    assert.deepEqual(retried.options, finished.options);
    assert.notEqual(retried.options, finished.options, 'the new record holds its own options object');
    assert.equal(retried.apiOrigin, 'https://new.example');
    const { storedFile: _retriedFile, ...retriedSource } = retried.source;
    const { storedFile: _firstFile, ...firstSource } = finished.source;
    assert.deepEqual(retriedSource, firstSource, 'the same source: Save still goes next to the original file');
    assert.deepEqual(await store.readFile(retried.id, retried.source.storedFile), storedCopy, 'the new run keeps the copy too');
  });

  it('Run Again sends the stored copy with the run’s own model and options but a new seed', async () => {
    const prepared = { uri: 'file:///w/photos/harbour.jpg', name: 'harbour.jpg', upload: preparedJpeg([1, 2, 3, 4]) };
    const finished = await (await runs.start(runParamsForPrepared(prepared, 'black-forest-labs/flux-redux-schnell', OPTIONS, 'https://api.example'))).completion;
    const storedCopy = await store.readFile(finished.id, finished.source.storedFile);

    const draws = [OPTIONS.seed, 99];
    const params = runParamsForRunAgain(finished, storedCopy, 'https://new.example', () => draws.shift()!);
    assert.deepEqual(draws, [], 'the old seed drawn again is drawn once more');
    const again = await (await runs.start(params)).completion;

    assert.deepEqual(sent.uploads[1], sent.uploads[0], 'the stored copy goes up as it is');
    assert.deepEqual(sent.generations[1], { model: 'black-forest-labs/flux-redux-schnell', options: { ...OPTIONS, seed: 99 } }, 'only the seed is new');
    assert.equal(again.options.seed, 99);
    assert.equal(finished.options.seed, OPTIONS.seed, 'the old record keeps its seed');
    assert.deepEqual(params.sourceBytes, storedCopy);
    assert.equal(params.source.name, 'harbour.jpg');
  });

  it('Run Again refuses a random source that only ever gives the old seed', () => {
    assert.throws(() => runParamsForRunAgain(record({}), new Uint8Array([1]), 'https://api.example', () => OPTIONS.seed), /old seed/);
  });

  it('Reproduce keeps the seed where Run Again draws a new one, from the same record', () => {
    const copy = new Uint8Array([3]);
    const old = record({});
    assert.equal(runParamsForRetry(old, copy, 'https://api.example').options.seed, OPTIONS.seed);
    assert.equal(runParamsForRunAgain(old, copy, 'https://api.example', () => 7).options.seed, 7);
    assert.equal(runParamsForRunAgain(old, copy, 'https://api.example', () => 7).model, old.model);
  });

  it('names the upload after the user’s file, with the extension of the stored bytes', () => {
    const copy = new Uint8Array([7, 7]);
    const uploadOf = (source: Partial<GenerationRecord['source']>) => runParamsForRetry(record(source), copy, 'https://api.example').upload;
    assert.deepEqual(uploadOf({ name: 'cat.png', format: 'png' }), { bytes: copy, fileName: 'cat.png', mimeType: 'image/png' });
    assert.equal(uploadOf({ name: 'photo.JPEG', format: 'jpeg' }).fileName, 'photo.JPEG');
    assert.deepEqual(uploadOf({ name: 'drawing.bmp', format: 'png' }), { bytes: copy, fileName: 'drawing.png', mimeType: 'image/png' });
    assert.deepEqual(uploadOf({ name: 'scan.tiff', format: 'jpeg' }), { bytes: copy, fileName: 'scan.jpg', mimeType: 'image/jpeg' });
    assert.equal(uploadOf({ name: 'leaf.webp', format: 'webp' }).mimeType, 'image/webp');
    assert.equal(uploadOf({ name: '.hidden', format: 'webp' }).fileName, '.hidden.webp');
  });
});

describe('runParamsForPrepared', () => {
  it('records what is sent: its format, size and bytes, and keeps those bytes as the stored copy', () => {
    const upload = preparedJpeg([5, 6, 7]);
    const params = runParamsForPrepared({ uri: 'file:///w/harbour.heic', name: 'harbour.heic', upload }, 'black-forest-labs/flux-redux-dev', OPTIONS, 'https://api.example');
    assert.deepEqual(params.source, { uri: 'file:///w/harbour.heic', name: 'harbour.heic', format: 'jpeg', width: 1536, height: 1024, bytes: 3 });
    assert.equal(params.sourceBytes, upload.bytes);
    assert.deepEqual(params.upload, { bytes: upload.bytes, fileName: 'harbour.jpg', mimeType: 'image/jpeg' });
    assert.equal(params.model, 'black-forest-labs/flux-redux-dev');
    assert.equal(params.apiOrigin, 'https://api.example');
  });
});
