/**
 * The history list: filters the runs it holds as data (a string search per run, lower-case
 * haystacks made by the host), counts them, and hands the runs it shows to the rows in the DOM
 * (windowedRows.ts: only those near the viewport).
 */
import { filterWords, matchesFilter, type HistoryToggles } from '../../shared/historyFilter';
import type { HistoryRunView, HistoryStrings, HistoryView } from '../../shared/historyProtocol';
import { el, icon } from '../dom';
import { installArrowKeys } from './keyboard';
import { fill, renderRun, type Post, type SelectedResults } from './rows';
import { StorageNote } from './storageNote';
import { WindowedRows } from './windowedRows';

/** The toggles as the user left them; `thisWorkspace` undefined means "on when a folder is open". */
export interface ToggleChoices {
  thisWorkspace?: boolean;
  favourites: boolean;
}

export class HistoryList {
  private strings: HistoryStrings = {};
  private runs: HistoryRunView[] = [];
  /** The runs the filter and toggles keep, in order: the rows the list stands for. */
  private shown: HistoryRunView[] = [];
  private filesBase = '';
  private workspaceOpen = false;
  private choices: ToggleChoices = { favourites: false };
  private readonly rows: WindowedRows;
  private readonly selected: SelectedResults = new Map();
  private readonly filterInput: HTMLInputElement;
  private readonly workspaceToggle: HTMLButtonElement;
  private readonly favouritesToggle: HTMLButtonElement;
  private readonly count: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly emptyNote: HTMLElement;
  private readonly storageNote: StorageNote;

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
    this.storageNote = new StorageNote(() => this.filterInput.focus());
    const toolbar = el('div', { className: 'toolbar' }, [
      el('label', { className: 'visually-hidden', attrs: { for: 'filter' } }),
      this.filterInput,
      el('div', { className: 'toggles' }, [this.workspaceToggle, this.favouritesToggle]),
    ]);
    this.rows = new WindowedRows(this.list, toolbar, (run) =>
      renderRun(run, { strings: this.strings, post: this.post, selected: this.selected, filesBase: this.filesBase }),
    );
    installArrowKeys(this.list, this.filterInput, (from, step) => this.rows.reveal(from, step));
    root.replaceChildren(
      toolbar,
      this.storageNote.element,
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
      this.rows.rebuildAll();
    }
    this.strings = strings;
    const label = this.filterInput.previousElementSibling;
    if (label) {
      label.textContent = strings.filterLabel ?? '';
    }
    this.filterInput.placeholder = strings.filterPlaceholder ?? '';
    this.list.setAttribute('aria-label', strings.listLabel ?? '');
    this.list.setAttribute('aria-description', strings.keyboardHint ?? '');
    this.storageNote.setDismissLabel(strings.dismissNote ?? '');
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
      this.rows.rebuildAll();
    }
    this.runs = [...view.runs];
    this.filesBase = view.filesBase;
    this.workspaceOpen = view.workspaceOpen;
    this.storageNote.current = view.storageNote;
    for (const id of this.rows.keepOnly(new Set(view.runs.map((run) => run.id)))) {
      this.selected.delete(id);
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
      ...(this.storageNote.current ? { storageNote: this.storageNote.current } : {}),
    };
  }

  get countText(): string {
    return this.count.hidden ? '' : (this.count.textContent ?? '');
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
    this.rows.show(this.shown);
  }
}
