/**
 * Arrow keys in the history: Up and Down move to the same control of the previous or next shown
 * run (Up from the first run goes back to the filter box), Home and End to the first and last
 * run; Left and Right move between the results of a run (selecting them) and along a row of
 * buttons. Tab still walks every control, so nothing needs the arrows.
 */

/** Where a key moves among the runs the list shows. */
export type RowStep = 'next' | 'previous' | 'first' | 'last';

/**
 * The row `step` away from `from` (the first or last without `from`), put in the DOM and in
 * view by the list: only rows near the viewport are in the DOM.
 */
export type RevealRow = (from: HTMLElement | undefined, step: RowStep) => HTMLElement | undefined;

/** The control of `row` in the same place as `from` (a thumb keeps its position when it can). */
function counterpart(row: HTMLElement, from: HTMLElement | undefined): HTMLElement | undefined {
  const nav = from?.dataset.nav;
  if (nav === 'thumb' && from) {
    const thumbs = [...row.querySelectorAll<HTMLElement>('[data-nav="thumb"]')];
    const fromThumbs = [...(from.closest('li.run')?.querySelectorAll<HTMLElement>('[data-nav="thumb"]') ?? [])];
    const at = Math.max(0, fromThumbs.indexOf(from));
    if (thumbs.length > 0) {
      return thumbs[Math.min(at, thumbs.length - 1)];
    }
  } else if (nav) {
    const same = row.querySelector<HTMLElement>(`[data-nav="${nav}"]`);
    if (same) {
      return same;
    }
  }
  return row.querySelector<HTMLElement>('[data-nav="thumb"]') ?? row.querySelector<HTMLElement>('button') ?? undefined;
}

function focus(target: HTMLElement | undefined, event: KeyboardEvent): void {
  if (!target) {
    return;
  }
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
}

function moveAlong(group: HTMLElement[], from: HTMLElement, step: number): HTMLElement | undefined {
  const at = group.indexOf(from);
  return at < 0 ? undefined : group[Math.min(group.length - 1, Math.max(0, at + step))];
}

export function installArrowKeys(list: HTMLElement, filter: HTMLInputElement, reveal: RevealRow): void {
  filter.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = reveal(undefined, 'first');
      focus(first && counterpart(first, undefined), event);
    }
  });
  list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    const row = target?.closest<HTMLElement>('li.run');
    if (!target || !row) {
      return;
    }
    const to = (step: RowStep) => {
      const next = reveal(row, step);
      return next && counterpart(next, target);
    };
    switch (event.key) {
      case 'ArrowDown':
        focus(to('next'), event);
        return;
      case 'ArrowUp':
        focus(to('previous') ?? filter, event);
        return;
      case 'Home':
        focus(to('first'), event);
        return;
      case 'End':
        focus(to('last'), event);
        return;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const step = event.key === 'ArrowLeft' ? -1 : 1;
        if (target.dataset.nav === 'thumb') {
          const next = moveAlong([...row.querySelectorAll<HTMLElement>('[data-nav="thumb"]')], target, step);
          if (next && next !== target) {
            focus(next, event);
            next.click();
          }
          return;
        }
        const group = target.closest<HTMLElement>('[data-nav-group]');
        if (group) {
          focus(moveAlong([...group.querySelectorAll<HTMLElement>('button')], target, step), event);
        }
        return;
      }
      default:
        return;
    }
  });
}
