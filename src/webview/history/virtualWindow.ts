/**
 * Which rows of a long list are in the DOM: those near the viewport. The rows above and below
 * stand in as padding of their (measured or estimated) height, so a thousand runs cost the
 * page a screenful of rows, and a keystroke in the filter rebuilds nothing out of view.
 * Plain arithmetic: no DOM.
 */

export interface RowWindow {
  /** The first row in the DOM, and one past the last. */
  start: number;
  end: number;
  /** The height of the rows above `start` and below `end`. */
  before: number;
  after: number;
}

/**
 * The rows that meet `[viewTop - overscan, viewTop + viewHeight + overscan]`, where `viewTop` is
 * the viewport's top measured from the list's top (negative while the list starts lower down).
 */
export function rowWindow(heights: readonly number[], viewTop: number, viewHeight: number, overscan: number): RowWindow {
  const from = viewTop - overscan;
  const to = viewTop + viewHeight + overscan;
  let top = 0;
  let start = heights.length;
  let before = 0;
  for (let i = 0; i < heights.length; i++) {
    if (top + heights[i] > from) {
      start = i;
      before = top;
      break;
    }
    top += heights[i];
  }
  if (start === heights.length) {
    before = top;
  }
  let end = start;
  let bottom = before;
  while (end < heights.length && bottom < to) {
    bottom += heights[end];
    end++;
  }
  let total = bottom;
  for (let i = end; i < heights.length; i++) {
    total += heights[i];
  }
  return { start, end, before, after: total - bottom };
}

/** The distance from the list's top to the top of row `index`. */
export function rowTop(heights: readonly number[], index: number): number {
  let top = 0;
  for (let i = 0; i < index && i < heights.length; i++) {
    top += heights[i];
  }
  return top;
}
