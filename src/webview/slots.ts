import type { GalleryView, ResultView } from '../shared/protocol';

/** What a grid cell shows: a result in one of its states, or a slot that holds the grid's shape. */
export type Slot =
  | { kind: 'result'; result: ResultView }
  | { kind: 'waiting'; index: number }
  | { kind: 'withheld'; index: number };

const RUNNING = new Set(['queued', 'uploading', 'generating', 'downloading']);

/**
 * The grid's cells for a view. While a run is going, empty slots fill up to the requested count
 * so the grid already has its final shape; after a partial run, withheld outputs keep a cell
 * that says so.
 */
export function slotsFor(view: GalleryView): Slot[] {
  const results = [...view.results].sort((a, b) => a.index - b.index);
  const slots: Slot[] = results.map((result) => ({ kind: 'result', result }));
  const taken = new Set(results.map((r) => r.index));
  const freeIndexes = (count: number): number[] => {
    const indexes: number[] = [];
    for (let i = 1; indexes.length < count; i++) {
      if (!taken.has(i)) {
        indexes.push(i);
        taken.add(i);
      }
    }
    return indexes;
  };
  if (RUNNING.has(view.state.kind) && results.length < view.requested) {
    for (const index of freeIndexes(view.requested - results.length)) {
      slots.push({ kind: 'waiting', index });
    }
  }
  if (view.state.kind === 'done' && view.state.withheld > 0) {
    for (const index of freeIndexes(Math.min(view.state.withheld, 16))) {
      slots.push({ kind: 'withheld', index });
    }
  }
  return slots;
}

/** Stable identity of a slot across updates, so a card (and its <img>) is reused. */
export function slotKey(slot: Slot): string {
  return slot.kind === 'result' ? `result:${slot.result.id}` : `${slot.kind}:${slot.index}`;
}

/**
 * Width over height for the cells: from a result's real size when one is known, else from the
 * aspect-ratio chip (labels like "16:9"), else 4:3. Every cell shares it, so nothing jumps.
 */
export function mediaRatio(view: GalleryView): number {
  const sized = view.results.find((r) => r.width && r.height);
  if (sized?.width && sized.height) {
    return clampRatio(sized.width / sized.height);
  }
  for (const chip of view.chips) {
    const match = /^(\d{1,2}):(\d{1,2})$/.exec(chip.label.trim());
    if (match && Number(match[2]) > 0) {
      return clampRatio(Number(match[1]) / Number(match[2]));
    }
  }
  return 4 / 3;
}

function clampRatio(ratio: number): number {
  return Math.min(21 / 9, Math.max(9 / 21, ratio));
}
