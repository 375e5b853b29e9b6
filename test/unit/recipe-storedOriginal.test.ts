import * as assert from 'node:assert/strict';
import { withRecipe } from '../../src/recipe/embed';
import { readSourceRecipe } from '../../src/recipe/readRecipe';
import { bytesToSave } from '../../src/recipe/savedBytes';
import { findStoredOriginal, sha256Hex, type StoredGenerations } from '../../src/recipe/storedOriginal';
import type { GenerationRecord } from '../../src/runs/record';
import { fixture } from '../fixtures/imaging/support';
import { sampleRecipe, sampleRecord } from './recipe-support';

const ORIGINAL = new TextEncoder().encode('the bytes uploaded as the source');

/** Generations in memory: records by id, files by "id/name"; counts what was read. */
function generations(records: GenerationRecord[], files: Record<string, Uint8Array>) {
  const reads: string[] = [];
  const store: StoredGenerations = {
    load: async (id) => records.find((record) => record.id === id),
    listIds: async () => records.map((record) => record.id).sort().reverse(),
    readFile: async (id, name) => {
      reads.push(`${id}/${name}`);
      const file = files[`${id}/${name}`];
      if (!file) {
        throw new Error(`ENOENT ${id}/${name}`);
      }
      return file;
    },
  };
  return { store, reads };
}

function withId(record: GenerationRecord, id: string, sourceName = record.source.name): GenerationRecord {
  return { ...record, id, source: { ...record.source, name: sourceName } };
}

describe('recipe: the recipe of a chosen source, and its stored original', function () {
  this.timeout(30_000);

  it('reads the recipe of a saved file, as the first quick pick gets it', async () => {
    const record = sampleRecord('harbour.png');
    const saved = await bytesToSave(record, 'result-1.png', 1, {
      readGenerationFile: async (_id, name) => (name === 'result-1.png' ? fixture('xmp.png') : ORIGINAL),
      embedRecipe: true,
      toolVersion: '1.2.3',
      log: () => undefined,
    });
    const read = readSourceRecipe(saved);
    assert.equal(read.kind, 'recipe', JSON.stringify(read));
    if (read.kind === 'recipe') {
      assert.equal(read.recipe.model, record.model);
      assert.deepEqual(read.recipe.options, record.options);
      assert.equal(read.recipe.sourceName, 'harbour.png');
      assert.equal(read.recipe.sourceSha256, sha256Hex(ORIGINAL));
    }
  });

  it('finds no recipe in a file without one, nor in a format that cannot carry one', () => {
    assert.deepEqual(readSourceRecipe(fixture('gps-photo.jpg')), { kind: 'none' });
    assert.deepEqual(readSourceRecipe(fixture('drawing.gif')), { kind: 'none' });
    assert.deepEqual(readSourceRecipe(fixture('drawing.bmp')), { kind: 'none' });
  });

  it('says why a damaged recipe is not used', () => {
    const good = sampleRecipe('harbour.png');
    // A seed edited out of range by hand: the whole recipe is refused, the field named.
    const edited = withRecipe(fixture('xmp.png'), { ...good, options: { ...good.options, seed: -1 } });
    assert.ok(edited.ok);
    const read = readSourceRecipe(edited.bytes);
    assert.equal(read.kind, 'invalid');
    assert.match(read.kind === 'invalid' ? read.reason : '', /^Seed: seed must be a whole number/);
  });

  it('takes the generation the recipe names when its stored source has the recipe\'s hash', async () => {
    const recipe = { ...sampleRecipe('harbour.png'), sourceSha256: sha256Hex(ORIGINAL) };
    const named = withId(sampleRecord('harbour.png'), recipe.generationId);
    const { store, reads } = generations([named], { [`${named.id}/source.png`]: ORIGINAL });
    const found = await findStoredOriginal(store, recipe);
    assert.equal(found?.record.id, named.id);
    assert.ok(found && Buffer.from(found.bytes).equals(Buffer.from(ORIGINAL)));
    assert.deepEqual(reads, [`${named.id}/source.png`], 'one file read');
  });

  it('otherwise looks among the generations of a source of that name, newest first, by hash', async () => {
    const recipe = { ...sampleRecipe('harbour.png'), sourceSha256: sha256Hex(ORIGINAL) };
    const changed = withId(sampleRecord('harbour.png'), '20250301T000000000-aaaaaa');
    const same = withId(sampleRecord('harbour.png'), '20250201T000000000-bbbbbb');
    const otherName = withId(sampleRecord('other.png'), '20250401T000000000-cccccc');
    const { store, reads } = generations([changed, same, otherName], {
      [`${changed.id}/source.png`]: new TextEncoder().encode('edited since'),
      [`${same.id}/source.png`]: ORIGINAL,
      [`${otherName.id}/source.png`]: ORIGINAL,
    });
    const found = await findStoredOriginal(store, recipe);
    assert.equal(found?.record.id, same.id);
    assert.deepEqual(reads, [`${changed.id}/source.png`, `${same.id}/source.png`], 'sources of other names are not hashed');
  });

  it('finds nothing when no stored copy has the hash, a copy is gone, or the recipe has no hash', async () => {
    const recipe = { ...sampleRecipe('harbour.png'), sourceSha256: sha256Hex(ORIGINAL) };
    const named = withId(sampleRecord('harbour.png'), recipe.generationId);
    assert.equal(await findStoredOriginal(generations([named], {}).store, recipe), undefined, 'copy gone');
    assert.equal(
      await findStoredOriginal(generations([named], { [`${named.id}/source.png`]: new Uint8Array([1]) }).store, recipe),
      undefined,
      'other bytes',
    );
    const { sourceSha256: _dropped, ...withoutHash } = recipe;
    void _dropped;
    const { store, reads } = generations([named], { [`${named.id}/source.png`]: ORIGINAL });
    assert.equal(await findStoredOriginal(store, withoutHash), undefined);
    assert.deepEqual(reads, []);
  });
});
