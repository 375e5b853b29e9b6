/**
 * Records keep failures as kinds and facts, and the words are made when a record is shown: a run
 * recorded in one language reads right in another, no translated sentence is written to disk, and
 * the records of 0.1.0, which did keep sentences, still show them as they were written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { FluxReduxError } from '../../src/api/errors';
import { failureFromHttpStatus } from '../../src/api/failures';
import { toGalleryView, type ViewContext } from '../../src/gallery/viewModel';
import { describeRunFailure } from '../../src/runs/failureText';
import { GenerationRun, type VariationClient } from '../../src/runs/generationRun';
import { RunQueue } from '../../src/runs/queue';
import type { GenerationRecord } from '../../src/runs/record';
import { describeFailure } from '../../src/runs/runFailure';
import { RunManager } from '../../src/runs/runManager';
import { GenerationStore } from '../../src/runs/store';
import { installMarkingBundle, isMarked, restoreEnglish } from './l10n-helpers';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const ID = '20261123T100000-failur';
const RECORD_ID = 'b9e1c7a0-0000-4000-8000-000000000001';

function newRecord(numOutputs: number): GenerationRecord {
  return {
    version: 2, id: ID, createdAt: '', updatedAt: '',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 4, height: 3, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'png', aspect_ratio: '1:1', num_outputs: numOutputs, num_inference_steps: 28, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'https://api.1min.ai', phase: 'queued', results: [],
  };
}

/** A 0.1.0 record as it was written: sentences in the failure and the results. */
function versionOneRecord(phase: GenerationRecord['phase']): unknown {
  return {
    version: 1, id: ID, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    source: { uri: 'file:///w/cat.png', name: 'cat.png', storedFile: 'source.png', format: 'png', width: 4, height: 3, bytes: 10 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: 'png', aspect_ratio: '1:1', num_outputs: 3, num_inference_steps: 28, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'https://api.1min.ai', phase, generateStartedAt: 1,
    failure: { message: 'Die Variationen konnten nicht geladen werden. Server record: x.', kind: 'download-failed', actions: ['showLog'] },
    results: [
      { id: 'r1', index: 1, status: 'failed', resultPath: 'a', error: 'Zeitüberschreitung beim Laden.' },
      { id: 'r2', index: 2, status: 'ready', resultPath: 'b', file: 'variation-2.png', format: 'png', width: 8, height: 8, bytes: 3 },
      { id: 'r3', index: 3, status: 'pending', resultPath: 'c' },
    ],
  };
}

const context: ViewContext = { fileSrc: (name) => `file:${name}`, actionLabel: (id) => id };

function client(overrides: Partial<VariationClient>): VariationClient {
  return {
    uploadAsset: async () => ({ path: 'images/cat.png' }),
    generateVariations: async () => ({ recordId: RECORD_ID, resultPaths: ['images/a.undefined', 'images/b.undefined'] }),
    downloadResult: async () => ({ bytes: new Uint8Array([1]), format: 'png', width: 8, height: 8, extension: 'png' }),
    ...overrides,
  };
}

describe('failures in records', () => {
  let root: string;
  let store: GenerationStore;
  let logged: string[];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-failures-'));
    store = new GenerationStore(nodeStoreFileSystem(root));
    await store.createFolder(ID);
    logged = [];
  });
  afterEach(async () => {
    restoreEnglish();
    await fs.rm(root, { recursive: true, force: true });
  });

  const recordFile = () => path.join(root, 'generations', ID, 'record.json');

  async function run(record: GenerationRecord, overrides: Partial<VariationClient>): Promise<void> {
    const generation = new GenerationRun(
      record,
      { bytes: new Uint8Array([1]), fileName: 'cat.png', mimeType: 'image/png' },
      { client: client(overrides), store, now: () => 1000, log: (line) => logged.push(line), onChange: () => undefined },
      describeFailure,
    );
    await generation.execute(new AbortController().signal);
  }

  const serverError = () =>
    failureFromHttpStatus(502, '{"message":"upstream is down"}', 'application/json', {
      operation: 'generate', secrets: [], mayHaveRun: true, recordId: RECORD_ID,
    });

  it('reads a failure recorded in one language in another', async () => {
    await run(newRecord(1), { generateVariations: async () => { throw serverError(); } });
    const english = describeRunFailure((await store.load(ID))?.failure);
    assert.match(english, /^1min\.ai had a problem while making the variations \(HTTP 502\)\./);
    assert.ok(english.includes('upstream is down') && english.includes(RECORD_ID), english);

    installMarkingBundle();
    const loaded = await store.load(ID);
    const view = toGalleryView(loaded!, {}, context);
    assert.equal(view.state.kind, 'failed');
    const shown = view.state.kind === 'failed' ? view.state.message : '';
    assert.ok(isMarked(shown.replace(/ «Server record: .*»$/, '')), shown);
    assert.ok(shown.includes('upstream is down') && shown.includes(RECORD_ID), shown);
    assert.equal(shown.replace(/[«»]/g, ''), english, 'the same sentence, in the language it is read in');
  });

  it('reads a result’s download failure in the language it is shown in', async () => {
    await run(newRecord(2), {
      downloadResult: async (resultPath) => {
        if (resultPath.endsWith('a.undefined')) {
          throw new FluxReduxError({ facts: { what: 'timeout', operation: 'download', seconds: 120 } });
        }
        return { bytes: new Uint8Array([1]), format: 'png', width: 8, height: 8, extension: 'png' };
      },
    });
    installMarkingBundle();
    const view = toGalleryView((await store.load(ID))!, {}, context);
    assert.equal(view.state.kind, 'done');
    const error = view.results[0].error ?? '';
    assert.ok(isMarked(error), error);
    assert.match(error, /Nothing moved for 120 s while downloading a result/);
    assert.equal(view.results[1].error, undefined);
  });

  it('writes no sentence to disk, only kinds and facts', async () => {
    // Every sentence made while the run is recorded is marked, so a mark in the file is a sentence.
    installMarkingBundle();
    await run(newRecord(2), {
      downloadResult: async () => {
        throw new FluxReduxError({ facts: { what: 'download-failed', operation: 'download', name: 'a.undefined', tried: [{ url: 'https://asset.example/a', problem: { kind: 'http', status: 403 } }] } });
      },
    });
    const text = await fs.readFile(recordFile(), 'utf8');
    const written = JSON.parse(text) as GenerationRecord;
    assert.equal(written.version, 2);
    assert.equal(written.phase, 'failed');
    assert.equal(written.failure?.kind, 'download-failed');
    assert.equal(written.failure?.facts?.what, 'downloads-failed');
    assert.equal(written.results[0].failure?.kind, 'download-failed');
    assert.ok(!/[«»]/.test(text), `a sentence was written: ${text}`);
    assert.ok(!/could not be downloaded|Retry download/.test(text), text);
    assert.equal(written.failure?.message, undefined);
    assert.equal(written.results[0].error, undefined);
    // …and the words are still there when it is shown.
    assert.match(describeRunFailure(written.failure), /The variations were made but could not be downloaded: .*HTTP 403/);
  });

  it('shows an internal error as a fixed sentence and keeps its detail for the log alone', async () => {
    await run(newRecord(1), { uploadAsset: async () => { throw new Error('ENOSPC in /home/someone/secret-place'); } });
    const text = await fs.readFile(recordFile(), 'utf8');
    assert.ok(!text.includes('secret-place'), text);
    const loaded = await store.load(ID);
    assert.equal(loaded?.failure?.kind, 'internal');
    assert.equal(describeRunFailure(loaded?.failure), 'Something unexpected went wrong. The log has details.');
    assert.ok(logged.some((line) => line.includes('ENOSPC in /home/someone/secret-place')), logged.join('\n'));
  });

  describe('0.1.0 records (version 1)', () => {
    async function writeVersionOne(phase: GenerationRecord['phase']): Promise<string> {
      const text = JSON.stringify(versionOneRecord(phase), null, 2);
      await fs.writeFile(recordFile(), text);
      return text;
    }

    function manager(): RunManager {
      return new RunManager(
        {
          store,
          createClient: () => client({}),
          describe: describeFailure,
          now: () => Date.UTC(2026, 10, 23),
          random: Math.random,
          log: () => undefined,
        },
        new RunQueue(1),
      );
    }

    it('still show their sentences as written, in any language', async () => {
      await writeVersionOne('failed');
      installMarkingBundle();
      const loaded = await store.load(ID);
      assert.equal(loaded?.version, 1);
      const view = toGalleryView(loaded, {}, context);
      assert.equal(view.state.kind === 'failed' ? view.state.message : undefined, 'Die Variationen konnten nicht geladen werden. Server record: x.');
      assert.equal(view.results[0].error, 'Zeitüberschreitung beim Laden.');
      assert.equal(describeRunFailure(loaded?.failure), 'Die Variationen konnten nicht geladen werden. Server record: x.');
    });

    it('are not rewritten when they are read', async () => {
      const text = await writeVersionOne('failed');
      const runs = manager();
      const got = await runs.get(ID);
      assert.equal(got?.record.phase, 'failed');
      await store.load(ID);
      assert.equal(await fs.readFile(recordFile(), 'utf8'), text);
    });

    it('are written as version 2 when they change for a reason of their own, their sentences kept', async () => {
      await writeVersionOne('downloading');
      const got = await manager().get(ID);
      assert.equal(got?.record.phase, 'interrupted');
      const written = JSON.parse(await fs.readFile(recordFile(), 'utf8')) as GenerationRecord;
      assert.equal(written.version, 2);
      assert.equal(written.phase, 'interrupted');
      assert.equal(written.results[0].error, 'Zeitüberschreitung beim Laden.');
      assert.deepEqual(written.results[2].failure, { kind: 'interrupted', facts: { what: 'download-interrupted' } });
      installMarkingBundle();
      const view = toGalleryView(written, {}, context);
      assert.equal(view.results[0].error, 'Zeitüberschreitung beim Laden.');
      assert.equal(view.results[2].error, '«The download was interrupted.»');
    });
  });
});
