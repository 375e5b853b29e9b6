import * as assert from 'node:assert/strict';
import { chooseGalleryColumn, type EditorGroupFacts } from '../../src/gallery/galleryColumn';

const SOURCE = 'file:///work/harbour-sunset.jpg';
const OTHER = 'file:///work/notes.md';

function group(column: number, shownUri?: string, active = false): EditorGroupFacts {
  return { column, active, shownUri };
}

describe('Where a new gallery opens', () => {
  it('beside the group that shows its source, even when that group is not the active one', () => {
    const groups = [group(1, SOURCE), group(2, OTHER, true)];
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [], sourceUri: SOURCE }), { kind: 'column', column: 2 });
  });

  it('beside the source rather than where galleries already are', () => {
    const groups = [group(1, OTHER), group(2, SOURCE), group(3, undefined, true)];
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [3], sourceUri: SOURCE }), { kind: 'column', column: 3 });
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [1], sourceUri: SOURCE }), { kind: 'column', column: 3 });
  });

  it('in a new group right of the last one when the source shows in the last group', () => {
    const groups = [group(1, OTHER), group(2, SOURCE, true)];
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [], sourceUri: SOURCE }), { kind: 'column', column: 3 });
  });

  it('prefers the active group when several show the source', () => {
    const groups = [group(1, SOURCE), group(2, OTHER), group(3, SOURCE, true)];
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [], sourceUri: SOURCE }), { kind: 'column', column: 4 });
  });

  it('where the most recent gallery is when no group shows the source', () => {
    const groups = [group(1, OTHER, true), group(2), group(3)];
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [3, 2], sourceUri: SOURCE }), { kind: 'column', column: 2 });
    assert.deepEqual(chooseGalleryColumn({ groups, galleryColumns: [2], sourceUri: undefined }), { kind: 'column', column: 2 });
  });

  it('beside the active editor when there is neither', () => {
    assert.deepEqual(chooseGalleryColumn({ groups: [group(1, OTHER, true)], galleryColumns: [], sourceUri: SOURCE }), { kind: 'besideActive' });
    assert.deepEqual(chooseGalleryColumn({ groups: [], galleryColumns: [] }), { kind: 'besideActive' });
  });
});
