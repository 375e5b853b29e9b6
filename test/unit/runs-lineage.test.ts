import * as assert from 'node:assert/strict';
import { rootSourceUri } from '../../src/gallery/saveFolder';
import { recipeOf } from '../../src/recipe/recipe';
import { ancestryOf, lineageOfVary, linkedRuns, loadAncestors, MAX_LINEAGE_DEPTH } from '../../src/runs/lineage';
import { runParamsForVary, varyChoices, varySourceName } from '../../src/runs/lineageRun';
import { lineageView, resolveLineage } from '../../src/runs/lineageView';
import type { GenerationRecord } from '../../src/runs/record';
import { pngBytes } from './api-helpers';
import { sampleRecord } from './sampleRecord';

const IDS = {
  root: '20261120T090000000-rootaa',
  child: '20261121T090000000-childa',
  grandchild: '20261122T090000000-grandc',
  great: '20261123T090000000-greata',
};

const ready = (index: number) => ({ id: `r${index}`, index, status: 'ready' as const, file: `variation-${index}.webp`, format: 'webp' as const, width: 8, height: 6, bytes: 10 });

/** harbour.png → its variation 2 varied (child) → the child's variation 1 varied (grandchild). */
function chain(): Record<'root' | 'child' | 'grandchild', GenerationRecord> {
  const root = sampleRecord({
    id: IDS.root,
    source: { uri: 'file:///w/pics/harbour.png', name: 'harbour.png', storedFile: 'source.png', format: 'png', width: 30, height: 20, bytes: 100 },
    results: [ready(1), ready(2), ready(3)],
  });
  const child = sampleRecord({
    id: IDS.child,
    source: { uri: `file:///store/generations/${IDS.root}/variation-2.webp`, name: 'harbour-variation-2.webp', storedFile: 'source.webp', format: 'webp', width: 8, height: 6, bytes: 10 },
    results: [ready(1), ready(2)],
    ...lineageOfVary(root, 2),
  });
  const grandchild = sampleRecord({
    id: IDS.grandchild,
    source: { uri: `file:///store/generations/${IDS.child}/variation-1.webp`, name: 'harbour-variation-2-variation-1.webp', storedFile: 'source.webp', format: 'webp', width: 8, height: 6, bytes: 10 },
    ...lineageOfVary(child, 1),
  });
  return { root, child, grandchild };
}

function lookupIn(...records: GenerationRecord[]) {
  const byId = new Map(records.map((r) => [r.id, r]));
  return (id: string) => byId.get(id);
}

describe('lineage: what a Vary run records', () => {
  it('keeps the parent result and, through every generation, the first run and its source', () => {
    const { root, child, grandchild } = chain();
    assert.deepEqual(child.parent, { generationId: IDS.root, resultIndex: 2 });
    assert.deepEqual(child.lineageRoot, { generationId: IDS.root, sourceName: 'harbour.png', sourceUri: 'file:///w/pics/harbour.png' });
    assert.deepEqual(grandchild.parent, { generationId: IDS.child, resultIndex: 1 });
    assert.deepEqual(grandchild.lineageRoot, child.lineageRoot, 'the root is the first run, not the parent');
    assert.equal(root.parent, undefined);
  });

  it('saves every run of a chain beside the root ancestor\'s source, and a run from a file beside its own', () => {
    const { root, child, grandchild } = chain();
    assert.equal(rootSourceUri(root), 'file:///w/pics/harbour.png');
    assert.equal(rootSourceUri(child), 'file:///w/pics/harbour.png');
    assert.equal(rootSourceUri(grandchild), 'file:///w/pics/harbour.png', 'not the stored result in global storage');
  });

  it('writes the parent generation into the recipe of a Vary run only', () => {
    const { root, child } = chain();
    assert.equal(recipeOf(child, { toolVersion: '1.0.0' }).parentGenerationId, IDS.root);
    assert.equal('parentGenerationId' in recipeOf(root, { toolVersion: '1.0.0' }), false);
  });

  it('pre-selects the parent\'s settings with a new seed', () => {
    const { root } = chain();
    const choices = varyChoices(root);
    assert.equal(choices.seed, 'random');
    assert.deepEqual({ ...choices, seed: root.options.seed }, root.options);
  });
});

describe('lineage: a run from a stored result', () => {
  it('sends the stored bytes as they are, named after the result it varies, with the lineage', () => {
    const { root } = chain();
    const bytes = pngBytes(40, 30);
    const params = runParamsForVary({
      parent: root,
      result: ready(2),
      bytes,
      resultUri: `file:///store/generations/${IDS.root}/variation-2.webp`,
      model: 'black-forest-labs/flux-redux-schnell',
      options: { ...root.options, seed: 99 },
      apiOrigin: 'http://127.0.0.1:1234',
    });
    assert.ok(params);
    assert.equal(params.source.name, 'harbour-variation-2.png', 'the extension follows the bytes');
    assert.deepEqual([params.source.format, params.source.width, params.source.height, params.source.bytes], ['png', 40, 30, bytes.byteLength]);
    assert.equal(params.source.uri, `file:///store/generations/${IDS.root}/variation-2.webp`);
    assert.equal(params.upload.bytes, bytes);
    assert.equal(params.sourceBytes, bytes);
    assert.deepEqual(params.upload, { bytes, fileName: 'harbour-variation-2.png', mimeType: 'image/png' });
    assert.equal(params.model, 'black-forest-labs/flux-redux-schnell');
    assert.equal(params.options.seed, 99);
    assert.deepEqual(params.lineage, lineageOfVary(root, 2));
  });

  it('refuses bytes that are not an image', () => {
    const { root } = chain();
    const params = runParamsForVary({
      parent: root, result: ready(1), bytes: new Uint8Array([1, 2, 3]), resultUri: 'file:///x', model: root.model, options: root.options, apiOrigin: 'https://api.1min.ai',
    });
    assert.equal(params, undefined);
  });

  it('names a variation of a variation so its saved files say the whole path', () => {
    const { child } = chain();
    assert.equal(varySourceName(child, { index: 1 }, 'webp'), 'harbour-variation-2-variation-1.webp');
  });
});

describe('lineage: the breadcrumb', () => {
  it('says what a run came from, each crumb a link to the gallery that shows it', () => {
    const { root, child } = chain();
    const ancestry = ancestryOf(child, lookupIn(root, child));
    assert.ok(ancestry);
    const view = lineageView(ancestry);
    assert.equal(view.text, 'Variation of harbour.png › variation 2');
    assert.equal(view.template, 'Variation of {0}');
    assert.deepEqual(view.crumbs.map((c) => [c.label, c.generationId, c.resultId]), [
      ['harbour.png', IDS.root, undefined],
      ['variation 2', IDS.root, 'r2'],
    ]);
    assert.equal(view.note, undefined);
    assert.deepEqual([...linkedRuns(ancestry)], [IDS.root]);
  });

  it('reads a chain of variations as one story, oldest first', () => {
    const { root, child, grandchild } = chain();
    const view = lineageView(ancestryOf(grandchild, lookupIn(root, child, grandchild))!);
    assert.equal(view.text, 'Variation of harbour.png › variation 2 › variation 1');
    assert.deepEqual(view.crumbs.map((c) => c.generationId), [IDS.root, IDS.root, IDS.child]);
  });

  it('says "parent deleted" when the parent run is gone, naming the first source from the record\'s own copy', () => {
    const { child } = chain();
    const ancestry = ancestryOf(child, lookupIn(child))!;
    assert.equal(ancestry.parentDeleted, true);
    assert.equal(ancestry.gap, false, 'the deleted parent was the first run: nothing lies before it');
    const view = lineageView(ancestry);
    assert.equal(view.text, 'Variation of harbour.png › variation 2 (parent deleted)');
    assert.equal(view.note, 'parent deleted');
    assert.deepEqual(view.crumbs.map((c) => c.generationId), [undefined, undefined], 'no link opens a deleted run');
    assert.equal(linkedRuns(ancestry).size, 0);
  });

  it('marks runs deleted in between, and still links the first run and the parent', () => {
    const { root, child, grandchild } = chain();
    const great = sampleRecord({ id: IDS.great, ...lineageOfVary(grandchild, 1) });
    const view = lineageView(ancestryOf(great, lookupIn(root, grandchild, great))!);
    assert.equal(view.text, 'Variation of harbour.png › … › variation 1 › variation 1');
    assert.deepEqual(view.crumbs.map((c) => c.generationId), [IDS.root, undefined, undefined, IDS.grandchild]);
    assert.equal(view.note, undefined, 'the parent itself is there');
    void child;
  });

  it('has no breadcrumb for a run from a file', () => {
    const { root } = chain();
    assert.equal(ancestryOf(root, lookupIn(root)), undefined);
  });

  it('stops at a loop in damaged records instead of walking forever', () => {
    const a = sampleRecord({ id: IDS.child, parent: { generationId: IDS.grandchild, resultIndex: 1 } });
    const b = sampleRecord({ id: IDS.grandchild, parent: { generationId: IDS.child, resultIndex: 1 } });
    const ancestry = ancestryOf(a, lookupIn(a, b))!;
    assert.ok(ancestry.steps.length <= MAX_LINEAGE_DEPTH);
    assert.equal(ancestry.gap, true);
    assert.equal(lineageView(ancestry).crumbs[0].label, 'a deleted run');
  });

  it('reads the ancestors from storage for a gallery, the root too when a run between is gone', async () => {
    const { root, child, grandchild } = chain();
    const great = sampleRecord({ id: IDS.great, ...lineageOfVary(grandchild, 1) });
    const reads: string[] = [];
    const stored = lookupIn(root, grandchild, great);
    const load = (id: string) => {
      reads.push(id);
      return Promise.resolve(stored(id));
    };
    const ancestors = await loadAncestors(great, load);
    assert.deepEqual([...ancestors.keys()].sort(), [IDS.grandchild, IDS.root].sort());
    assert.deepEqual(reads, [IDS.grandchild, IDS.child, IDS.root]);
    const resolved = await resolveLineage(great, load);
    assert.equal(resolved?.view.text, 'Variation of harbour.png › … › variation 1 › variation 1');
    assert.deepEqual([...resolved.links].sort(), [IDS.grandchild, IDS.root].sort());
    assert.equal(await resolveLineage(root, load), undefined);
    void child;
  });
});
