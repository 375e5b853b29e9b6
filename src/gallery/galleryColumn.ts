/**
 * Where a new gallery opens: beside the editor group that shows its source (the picture and its
 * variations side by side); otherwise in the group where galleries already are (they gather
 * instead of piling up columns); otherwise beside the active editor. Plain: the caller describes
 * the editor groups (src/gallery/galleries.ts reads them from `vscode.window.tabGroups`).
 */

/** One editor group as the choice needs it. */
export interface EditorGroupFacts {
  /** VS Code's view column: 1 for the first group, and so on. */
  column: number;
  active: boolean;
  /** The URI (as a string) of the file its active tab shows, if that tab shows a file. */
  shownUri?: string;
}

export interface GalleryPlacementFacts {
  groups: readonly EditorGroupFacts[];
  /** The columns of the open galleries, the most recently opened last. */
  galleryColumns: readonly number[];
  /** The source image's URI, as the run's record keeps it. */
  sourceUri?: string;
}

export type GalleryPlacement =
  | { kind: 'column'; column: number }
  /** VS Code's `ViewColumn.Beside`: right of the active group, which is created if needed. */
  | { kind: 'besideActive' };

export function chooseGalleryColumn(facts: GalleryPlacementFacts): GalleryPlacement {
  const sourceGroup = groupShowingSource(facts);
  if (sourceGroup) {
    // A column one past the last group makes VS Code open a new group there.
    return { kind: 'column', column: sourceGroup.column + 1 };
  }
  const galleryColumn = facts.galleryColumns.at(-1);
  if (galleryColumn !== undefined) {
    return { kind: 'column', column: galleryColumn };
  }
  return { kind: 'besideActive' };
}

/** The active group if it shows the source, else the first that does. */
function groupShowingSource({ groups, sourceUri }: GalleryPlacementFacts): EditorGroupFacts | undefined {
  if (sourceUri === undefined) {
    return undefined;
  }
  const showing = groups.filter((group) => group.shownUri === sourceUri);
  return showing.find((group) => group.active) ?? showing[0];
}
