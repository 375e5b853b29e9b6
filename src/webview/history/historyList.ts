/**
 * The history list: filters the runs it holds as data (a string search per run, lower-case
 * haystacks made by the host) and puts in the DOM only the rows near the viewport
 * (virtualWindow.ts). A row is built once, and again only when its run changed.
 */
import { filterWords, matchesFilter, type HistoryToggles } from '../../shared/historyFilter';
import type { HistoryRunView, HistoryStrings, HistoryView } from '../../shared/historyProtocol';
import { el, icon } from '../dom';
import { installArrowKeys, type RowStep } from './keyboard';
import { fill, renderRun, type Post, type SelectedResults } from './rows';
import { rowTop, rowWindow } from './virtualWindow';

/** A row's height until it has been measured (a run with a strip of thumbnails). */
const ROW_ESTIMATE_PX = 190;

/** The toggles as the user left them; `thisWorkspace` undefined means "on when a folder is open". */
export interface ToggleChoices {
  thisWorkspace?: boolean;
  favourites: boolean;
}

interface Row {
  element: HTMLLIElement;
  /** The run as it was rendered, to rebuild only what changed. */
  json: string;
}

export class HistoryList {
  private strings: HistoryStrings = {};
  private runs: HistoryRunView[] = [];
  /** The runs the filter and toggles keep, in order: the rows the list stands for. */
  private shown: HistoryRunView[] = [];
  private filesBase = '';
  private workspaceOpen = false;
  private storageNote: string | undefined;
  /** The storage note the user dismissed: a different note (another removal) shows again. */
  private dismissedNote: string | undefined;
  private choices: ToggleChoices = { favourites: false };
  private readonly rows = new Map<string, Row>();
  /** Measured heights of rows that were in the DOM, by run id. */
  private readonly heights = new Map<string, number>();
  private windowScheduled = false;
  private readonly toolbar: HTMLElement;
  private readonly selected: SelectedResults = new Map();
  private readonly filterInput: HTMLInputElement;
  private readonly workspaceToggle: HTMLButtonElement;
  private readonly favouritesToggle: HTMLButtonElement;
  private readonly count: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly emptyNote: HTMLElement;
  private readonly noteBox: HTMLElement;
  private readonly noteText: HTMLElement;
  private readonly noteDismiss: HTMLButtonElement;

  constructor(root: HTMLElement, private readonly post: Post, private readonly changed: () => void) {
    this.filterInput = el('input', { className: 'filter', attrs: { type: 'search', id: 'filter', spellcheck: 'false' } });
    this.filterInput.addEventListener('input', () => this.applyFilter());
    this.workspaceToggle = this.toggle('folder', () => {
      this.choices.thisWorkspace = !this.toggles.thisWorkspace;
    });
    this.favouritesToggle = this.toggle('star-full', () => {
      this.choices.favourites = !this.choices.favourites;
    });
    this.count = el('p', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.list = el('ul', { className: 'runs' });
    this.emptyNote = el('p', { className: 'empty' });
    // What the storage cap removed: said once, quietly, above the list; not a live region.
    this.noteText = el('span', { className: 'storage-note-text' });
    this.noteDismiss = el('button', { className: 'storage-note-dismiss', attrs: { type: 'button' } }, [icon('close')]);
    this.noteDismiss.addEventListener('click', () => {
      this.dismissedNote = this.storageNote;
      this.renderNote();
      this.filterInput.focus();
    });
    this.noteBox = el('div', { className: 'storage-note', attrs: { 'data-testid': 'storage-note' } }, [
      icon('info'),
      this.noteText,
      this.noteDismiss,
    ]);
    this.noteBox.hidden = true;
    installArrowKeys(this.list, this.filterInput, (from, step) => this.revealRow(from, step));
    this.toolbar = el('div', { className: 'toolbar' }, [
      el('label', { className: 'visually-hidden', attrs: { for: 'filter' } }),
      this.filterInput,
      el('div', { className: 'toggles' }, [this.workspaceToggle, this.favouritesToggle]),
    ]);
    const scheduleWindow = () => this.scheduleWindow();
    window.addEventListener('scroll', scheduleWindow, { passive: true });
    window.addEventListener('resize', scheduleWindow);
    root.replaceChildren(
      this.toolbar,
      this.noteBox,
      this.count,
      this.list,
      this.emptyNote,
    );
  }

  private toggle(codicon: string, flip: () => void): HTMLButtonElement {
    const button = el('button', { className: 'toggle', attrs: { type: 'button', 'aria-pressed': 'false' } }, [
      icon(codicon),
      el('span', { className: 'toggle-label' }),
    ]);
    button.addEventListener('click', () => {
      flip();
      this.applyFilter();
      this.changed();
    });
    return button;
  }

  get filterText(): string {
    return this.filterInput.value;
  }

  set filterText(text: string) {
    this.filterInput.value = text;
  }

  get toggleChoices(): ToggleChoices {
    return { ...this.choices };
  }

  set toggleChoices(choices: ToggleChoices) {
    this.choices = { ...choices };
  }

  /** What filters now: *This workspace* only when a folder is open, on unless turned off. */
  get toggles(): HistoryToggles {
    return {
      thisWorkspace: this.workspaceOpen && (this.choices.thisWorkspace ?? true),
      favourites: this.choices.favourites,
    };
  }

  setStrings(strings: HistoryStrings): void {
    if (JSON.stringify(strings) !== JSON.stringify(this.strings)) {
      // Rows made with other words (another display language) are built again.
      this.rows.clear();
    }
    this.strings = strings;
    const label = this.filterInput.previousElementSibling;
    if (label) {
      label.textContent = strings.filterLabel ?? '';
    }
    this.filterInput.placeholder = strings.filterPlaceholder ?? '';
    this.list.setAttribute('aria-label', strings.listLabel ?? '');
    this.list.setAttribute('aria-description', strings.keyboardHint ?? '');
    this.noteDismiss.title = strings.dismissNote ?? '';
    this.noteDismiss.setAttribute('aria-label', strings.dismissNote ?? '');
    for (const [button, text, title] of [
      [this.workspaceToggle, strings.toggleWorkspace, strings.toggleWorkspaceTitle],
      [this.favouritesToggle, strings.toggleFavourites, strings.toggleFavouritesTitle],
    ] as const) {
      button.querySelector('.toggle-label')!.textContent = text ?? '';
      button.title = title ?? '';
    }
  }

  /**
   * The whole list: rows of unchanged runs are kept as they are (focus and selection stay).
   * `savedCount` is the count line of a list restored from the page state, which holds only
   * the first screen's runs: the count says what the whole list said until the host's arrives.
   */
  render(view: HistoryView, savedCount?: string): void {
    if (view.filesBase !== this.filesBase) {
      // Rows made with another base point at files the page may not load.
      this.rows.clear();
    }
    this.runs = [...view.runs];
    this.filesBase = view.filesBase;
    this.workspaceOpen = view.workspaceOpen;
    this.storageNote = view.storageNote;
    this.renderNote();
    const keep = new Set(view.runs.map((run) => run.id));
    for (const id of [...this.rows.keys()]) {
      if (!keep.has(id)) {
        this.rows.delete(id);
        this.selected.delete(id);
        this.heights.delete(id);
      }
    }
    this.applyFilter(savedCount);
  }

  /** One run changed: replaced in place, or added at the top when it is new. */
  update(run: HistoryRunView): void {
    const at = this.runs.findIndex((r) => r.id === run.id);
    if (at >= 0) {
      this.runs[at] = run;
    } else {
      this.runs.unshift(run);
    }
    this.applyFilter();
  }

  /** The first `count` runs the list shows (what the page state keeps for a quick repaint). */
  firstShown(count: number): HistoryView {
    return {
      runs: this.shown.slice(0, count),
      filesBase: this.filesBase,
      workspaceOpen: this.workspaceOpen,
      ...(this.storageNote ? { storageNote: this.storageNote } : {}),
    };
  }

  get countText(): string {
    return this.count.hidden ? '' : (this.count.textContent ?? '');
  }

  private renderNote(): void {
    const note = this.storageNote && this.storageNote !== this.dismissedNote ? this.storageNote : '';
    this.noteText.textContent = note;
    this.noteBox.hidden = note === '';
  }

  private rowFor(run: HistoryRunView): HTMLLIElement {
    const json = JSON.stringify(run);
    const existing = this.rows.get(run.id);
    if (existing?.json === json) {
      return existing.element;
    }
    const element = renderRun(run, { strings: this.strings, post: this.post, selected: this.selected, filesBase: this.filesBase });
    this.rows.set(run.id, { element, json });
    return element;
  }

  /** Where the focus is, by run and place in the row, so a rebuilt row gets it back. */
  private focusedPlace(): { id: string; nav: string; resultId?: string } | undefined {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const row = active?.closest<HTMLElement>('li.run');
    const id = row?.dataset.id;
    return active && id && active.dataset.nav ? { id, nav: active.dataset.nav, resultId: active.dataset.resultId } : undefined;
  }

  private restoreFocus(place: { id: string; nav: string; resultId?: string } | undefined): void {
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

  private applyFilter(savedCount?: string): void {
    const words = filterWords(this.filterInput.value);
    const toggles = this.toggles;
    this.workspaceToggle.hidden = !this.workspaceOpen;
    this.workspaceToggle.setAttribute('aria-pressed', String(toggles.thisWorkspace));
    this.favouritesToggle.setAttribute('aria-pressed', String(toggles.favourites));
    this.shown = this.runs.filter((run) => matchesFilter(run, words, toggles));
    const shown = this.shown.length;
    const total = this.runs.length;
    const filtering = words.length > 0 || toggles.thisWorkspace || toggles.favourites;
    if (savedCount !== undefined) {
      this.count.textContent = savedCount;
      this.count.hidden = savedCount === '';
      this.emptyNote.hidden = true;
    } else {
      this.count.textContent = filtering
        ? fill(this.strings.matchCount, shown, total)
        : total === 1 ? (this.strings.runCountOne ?? '') : fill(this.strings.runCount, total);
      this.count.hidden = total === 0;
      this.emptyNote.textContent = total === 0 ? (this.strings.empty ?? '') : shown === 0 ? (this.strings.noMatch ?? '') : '';
      this.emptyNote.hidden = total > 0 && shown > 0;
    }
    this.renderWindow();
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
    return this.shown.map((run) => this.heights.get(run.id) ?? estimate);
  }

  /**
   * Puts the rows near the viewport in the list, the others as padding; rows whose height
   * differs from what was assumed are measured and the window worked out again (twice at most).
   */
  private renderWindow(pass = 0): void {
    const viewHeight = window.innerHeight;
    const windowed = rowWindow(this.shownHeights(), -this.list.getBoundingClientRect().top, viewHeight, viewHeight / 2);
    const focus = this.focusedPlace();
    const runs = this.shown.slice(windowed.start, windowed.end);
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

  /** The row `step` away from `from` (or the first or last), scrolled into view and in the DOM. */
  private revealRow(from: HTMLElement | undefined, step: RowStep): HTMLElement | undefined {
    const at = from ? this.shown.findIndex((run) => run.id === from.dataset.id) : -1;
    const index = step === 'first' ? 0 : step === 'last' ? this.shown.length - 1 : step === 'next' ? at + 1 : at - 1;
    if (index < 0 || index >= this.shown.length || (at < 0 && (step === 'next' || step === 'previous'))) {
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
    const row = this.rows.get(this.shown[index].id)?.element;
    return row?.isConnected ? row : undefined;
  }
}
