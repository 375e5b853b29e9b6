/**
 * The rows of the history list in the DOM: only those near the viewport (virtualWindow.ts), the
 * others as padding of their measured (or estimated) height. A row is built once, and again only
 * when its run changed; focus stays in its place when a row is rebuilt.
 */
import type { HistoryRunView } from '../../shared/historyProtocol';
import type { RowStep } from './keyboard';
import { rowTop, rowWindow } from './virtualWindow';

/** A row's height until it has been measured (a run with a strip of thumbnails). */
const ROW_ESTIMATE_PX = 190;

interface Row {
  element: HTMLLIElement;
  /** The run as it was rendered, to rebuild only what changed. */
  json: string;
}

/** Where the focus is, by run and place in the row, so a rebuilt row gets it back. */
interface FocusPlace {
  id: string;
  nav: string;
  resultId?: string;
}

export class WindowedRows {
  /** The runs the list stands for, in order (what the filter and toggles keep). */
  private runs: HistoryRunView[] = [];
  private readonly rows = new Map<string, Row>();
  /** Measured heights of rows that were in the DOM, by run id. */
  private readonly heights = new Map<string, number>();
  private windowScheduled = false;

  /**
   * `list` holds the rows; `toolbar` stays on top of the scrolled page, so a row revealed
   * upwards goes below it; `build` makes a run's row.
   */
  constructor(
    private readonly list: HTMLUListElement,
    private readonly toolbar: HTMLElement,
    private readonly build: (run: HistoryRunView) => HTMLLIElement,
  ) {
    const scheduleWindow = () => this.scheduleWindow();
    window.addEventListener('scroll', scheduleWindow, { passive: true });
    window.addEventListener('resize', scheduleWindow);
  }

  /** Shows these runs: the rows near the viewport in the DOM. */
  show(runs: HistoryRunView[]): void {
    this.runs = runs;
    this.renderWindow();
  }

  /** Every row is built again when next shown (other words, another files base). */
  rebuildAll(): void {
    this.rows.clear();
  }

  /** Forgets the rows and heights of runs no longer listed; returns the ids of the rows forgotten. */
  keepOnly(ids: ReadonlySet<string>): string[] {
    const gone = [...this.rows.keys()].filter((id) => !ids.has(id));
    for (const id of gone) {
      this.rows.delete(id);
      this.heights.delete(id);
    }
    return gone;
  }

  /** The row `step` away from `from` (or the first or last), scrolled into view and in the DOM. */
  reveal(from: HTMLElement | undefined, step: RowStep): HTMLElement | undefined {
    const at = from ? this.runs.findIndex((run) => run.id === from.dataset.id) : -1;
    const index = step === 'first' ? 0 : step === 'last' ? this.runs.length - 1 : step === 'next' ? at + 1 : at - 1;
    if (index < 0 || index >= this.runs.length || (at < 0 && (step === 'next' || step === 'previous'))) {
      return undefined;
    }
    const heights = this.shownHeights();
    const listTop = this.list.getBoundingClientRect().top + window.scrollY;
    const top = listTop + rowTop(heights, index);
    const bottom = top + heights[index];
    const coveredTop = window.scrollY + this.toolbar.getBoundingClientRect().height;
    if (top < coveredTop) {
      window.scrollTo(0, top - this.toolbar.getBoundingClientRect().height);
    } else if (bottom > window.scrollY + window.innerHeight) {
      window.scrollTo(0, bottom - window.innerHeight);
    }
    this.renderWindow();
    const row = this.rows.get(this.runs[index].id)?.element;
    return row?.isConnected ? row : undefined;
  }

  private rowFor(run: HistoryRunView): HTMLLIElement {
    const json = JSON.stringify(run);
    const existing = this.rows.get(run.id);
    if (existing?.json === json) {
      return existing.element;
    }
    const element = this.build(run);
    this.rows.set(run.id, { element, json });
    return element;
  }

  private focusedPlace(): FocusPlace | undefined {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const row = active?.closest<HTMLElement>('li.run');
    const id = row?.dataset.id;
    return active && id && active.dataset.nav ? { id, nav: active.dataset.nav, resultId: active.dataset.resultId } : undefined;
  }

  private restoreFocus(place: FocusPlace | undefined): void {
    if (!place) {
      return;
    }
    const row = this.rows.get(place.id)?.element;
    if (!row || row.contains(document.activeElement)) {
      return;
    }
    const selector = place.resultId ? `[data-result-id="${CSS.escape(place.resultId)}"]` : `[data-nav="${CSS.escape(place.nav)}"]`;
    row.querySelector<HTMLElement>(selector)?.focus();
  }

  private scheduleWindow(): void {
    if (this.windowScheduled) {
      return;
    }
    this.windowScheduled = true;
    requestAnimationFrame(() => {
      this.windowScheduled = false;
      this.renderWindow();
    });
  }

  private shownHeights(): number[] {
    let sum = 0;
    for (const height of this.heights.values()) {
      sum += height;
    }
    const estimate = this.heights.size > 0 ? sum / this.heights.size : ROW_ESTIMATE_PX;
    return this.runs.map((run) => this.heights.get(run.id) ?? estimate);
  }

  /**
   * Puts the rows near the viewport in the list, the others as padding; rows whose height
   * differs from what was assumed are measured and the window worked out again (twice at most).
   */
  private renderWindow(pass = 0): void {
    const viewHeight = window.innerHeight;
    const windowed = rowWindow(this.shownHeights(), -this.list.getBoundingClientRect().top, viewHeight, viewHeight / 2);
    const focus = this.focusedPlace();
    const runs = this.runs.slice(windowed.start, windowed.end);
    const elements = runs.map((run) => this.rowFor(run));
    const children = this.list.children;
    if (elements.length !== children.length || elements.some((element, i) => children[i] !== element)) {
      this.list.replaceChildren(...elements);
    }
    this.list.style.paddingTop = `${windowed.before}px`;
    this.list.style.paddingBottom = `${windowed.after}px`;
    this.restoreFocus(focus);
    let remeasured = false;
    elements.forEach((element, i) => {
      const height = element.getBoundingClientRect().height;
      const id = runs[i].id;
      if (height > 0 && Math.abs((this.heights.get(id) ?? -1) - height) > 0.5) {
        this.heights.set(id, height);
        remeasured = true;
      }
    });
    if (remeasured && pass < 2) {
      this.renderWindow(pass + 1);
    }
  }
}
