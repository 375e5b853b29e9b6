import * as assert from 'node:assert/strict';
import type { GenerationRecord } from '../../src/runs/record';
import { toHistoryRunView } from '../../src/history/rows';
import { inWorkspace, isInsideFolders, parentDeleted, parentOf, rootAncestor } from '../../src/history/workspaceScope';
import { historyRecord, IDS } from './history-support';

/** A run of `uri`, made from variation 1 of `parent` when it is given (the record field Vary adds). */
function run(id: string, uri: string, parent?: string): GenerationRecord {
  const base = historyRecord(id);
  return Object.assign(
    historyRecord(id, { source: { ...base.source, uri, name: uri.split('/').pop()! } }),
    parent ? { parent: { generationId: parent, resultIndex: 1 } } : {},
  );
}

const FOLDER = 'file:///work/project';

describe('history: This workspace', () => {
  it('tells a URI inside a folder from one beside it', () => {
    assert.equal(isInsideFolders('file:///work/project/images/a.png', [FOLDER]), true);
    assert.equal(isInsideFolders('file:///work/project-old/a.png', [FOLDER]), false, 'a sibling whose name starts the same');
    assert.equal(isInsideFolders('file:///work/a.png', [FOLDER]), false);
    assert.equal(isInsideFolders('file:///work/project/a.png', [`${FOLDER}/`]), true);
    assert.equal(isInsideFolders('file:///Work/Project/a.png', [FOLDER]), false);
    assert.equal(isInsideFolders('file:///Work/Project/a.png', [FOLDER], true), true);
  });

  it('follows the lineage to the root: a variation of a variation stays with its image', () => {
    const root = run(IDS.older, `${FOLDER}/harbour.png`);
    // The child's own source is the stored variation in global storage, outside every folder.
    const child = run(IDS.middle, 'file:///home/u/.config/Code/globalStorage/generations/x/variation-1.webp', IDS.older);
    const grandchild = run(IDS.newer, 'file:///home/u/.config/Code/globalStorage/generations/y/variation-1.webp', IDS.middle);
    const byId = new Map([root, child, grandchild].map((r) => [r.id, r]));
    assert.equal(rootAncestor(grandchild, (id) => byId.get(id)).id, IDS.older);
    assert.equal(inWorkspace(grandchild, (id) => byId.get(id), [FOLDER]), true);
    assert.equal(inWorkspace(child, () => undefined, [FOLDER]), false, 'without its ancestors it is judged by its own source');
  });

  it('says nothing is in the workspace when no folder is open', () => {
    const root = run(IDS.older, `${FOLDER}/harbour.png`);
    assert.equal(inWorkspace(root, () => undefined, []), false);
  });

  it('stops at a deleted ancestor and at a loop', () => {
    const orphan = run(IDS.newer, `${FOLDER}/v.webp`, '20200101T000000000-gone00');
    assert.equal(rootAncestor(orphan, () => undefined).id, IDS.newer);
    assert.equal(parentDeleted(orphan, () => undefined), true);
    const a = run(IDS.older, 'file:///x/a.png', IDS.middle);
    const b = run(IDS.middle, 'file:///x/b.png', IDS.older);
    const byId = new Map([a, b].map((r) => [r.id, r]));
    assert.equal(rootAncestor(a, (id) => byId.get(id)).id, IDS.middle);
    assert.equal(parentDeleted(a, (id) => byId.get(id)), false);
  });

  it('reads only a well-formed parent link', () => {
    assert.equal(parentOf(historyRecord(IDS.older)), undefined);
    assert.equal(parentOf(Object.assign(historyRecord(IDS.older), { parent: { generationId: 7 } })), undefined);
    assert.deepEqual(parentOf(run(IDS.newer, 'file:///a.png', IDS.older)), { generationId: IDS.older, resultIndex: 1 });
  });

  it('puts the answers in the row: in the workspace, parent deleted', () => {
    const orphan = run(IDS.newer, `${FOLDER}/v.webp`, '20200101T000000000-gone00');
    const row = toHistoryRunView(orphan, undefined, {
      formatWhen: (iso) => iso,
      byId: () => undefined,
      workspaceFolders: [FOLDER],
    });
    assert.equal(row.inWorkspace, true);
    assert.equal(row.parentDeleted, true);
  });
});
