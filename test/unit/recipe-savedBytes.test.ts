import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readRecipe } from '../../src/recipe/readRecipe';
import { bytesToSave, type SavedBytesDeps } from '../../src/recipe/savedBytes';
import { decodePixels, fixture } from '../fixtures/imaging/support';
import { sampleRecord } from './recipe-support';

const record = sampleRecord();
const SOURCE = new TextEncoder().encode('the uploaded source bytes');

function storage(files: Record<string, Uint8Array>, embedRecipe: boolean) {
  const lines: string[] = [];
  const deps: SavedBytesDeps = {
    readGenerationFile: (id, name) => {
      const file = id === record.id ? files[name] : undefined;
      return file ? Promise.resolve(file) : Promise.reject(new Error(`ENOENT: ${name}`));
    },
    embedRecipe,
    toolVersion: '9.8.7',
    log: (line) => lines.push(line),
  };
  return { deps, lines };
}

describe('recipe: the bytes a result is saved with', function () {
  this.timeout(30_000);

  it('with fluxRedux.embedRecipe off: exactly the stored bytes', async () => {
    const result = fixture('xmp.webp');
    const { deps, lines } = storage({ 'result-1.webp': result, 'source.png': SOURCE }, false);
    const saved = await bytesToSave(record, 'result-1.webp', 1, deps);
    assert.ok(Buffer.from(saved).equals(Buffer.from(result)));
    assert.deepEqual(lines, []);
  });

  it('with it on: the recipe, with the version given and the SHA-256 of the stored source; the stored result unchanged', async () => {
    const result = fixture('xmp.png');
    const before = Buffer.from(result);
    const { deps, lines } = storage({ 'result-1.png': result, 'source.png': SOURCE }, true);
    const saved = await bytesToSave(record, 'result-1.png', 1, deps);
    const read = readRecipe(saved);
    assert.equal(read.kind, 'recipe', JSON.stringify(read));
    if (read.kind === 'recipe') {
      assert.equal(read.recipe.toolVersion, '9.8.7');
      assert.equal(read.recipe.sourceSha256, createHash('sha256').update(SOURCE).digest('hex'));
      assert.equal(read.recipe.generationId, record.id);
      assert.equal(read.recipe.recordId, record.recordId);
      assert.equal(read.recipe.createdAt, record.createdAt);
      assert.deepEqual(read.recipe.options, record.options);
    }
    assert.ok(before.equals(Buffer.from(result)), 'the stored result is left as it was');
    assert.deepEqual(await decodePixels(saved), await decodePixels(result));
    assert.deepEqual(lines, []);
  });

  it('without the stored source: the recipe without a hash, and a log line', async () => {
    const { deps, lines } = storage({ 'result-1.png': fixture('xmp.png') }, true);
    const read = readRecipe(await bytesToSave(record, 'result-1.png', 1, deps));
    assert.equal(read.kind === 'recipe' && 'sourceSha256' in read.recipe, false);
    assert.equal(read.kind, 'recipe');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /no source hash/);
  });

  it('a result the recipe cannot go into is saved as it is, with a log line', async () => {
    const broken = fixture('xmp.png').subarray(0, 300);
    const { deps, lines } = storage({ 'result-1.png': broken, 'source.png': SOURCE }, true);
    const saved = await bytesToSave(record, 'result-1.png', 1, deps);
    assert.ok(Buffer.from(saved).equals(Buffer.from(broken)));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /saved without its recipe/);
  });
});
