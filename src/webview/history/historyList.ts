/**
 * The history list: builds each run's row once (and again only when that run changed), and
 * filters by showing and hiding rows, so a keystroke costs a string search per run and no DOM
 * rebuilding.
 */
import { filterWords, matchesFilter, type HistoryToggles } from '../../shared/historyFilter';
import type { HistoryRunView, HistoryStrings, HistoryView } from '../../shared/historyProtocol';
import { el, icon } from '../dom';
import { installArrowKeys } from './keyboard';
import { fill, renderRun, type Post, type SelectedResults } from './rows';

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
  private workspaceOpen = false;
  private storageNote: string | undefined;
  /** The storage note the user dismissed: a different note (another removal) shows again. */
  private dismissedNote: string | undefined;
  private choices: ToggleChoices = { favourites: false };
  private readonly rows = new Map<string, Row>();
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
    installArrowKeys(this.list, this.filterInput);
    root.replaceChildren(
      el('div', { className: 'toolbar' }, [
        el('label', { className: 'visually-hidden', attrs: { for: 'filter' } }),
        this.filterInput,
        el('div', { className: 'toggles' }, [this.workspaceToggle, this.favouritesToggle]),
      ]),
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

  /** The whole list: rows of unchanged runs are kept as they are (focus and selection stay). */
  render(view: HistoryView): void {
    this.runs = view.runs;
    this.workspaceOpen = view.workspaceOpen;
    this.storageNote = view.storageNote;
    this.renderNote();
    const focus = this.focusedPlace();
    const keep = new Set(view.runs.map((run) => run.id));
    for (const id of [...this.rows.keys()]) {
      if (!keep.has(id)) {
        this.rows.delete(id);
        this.selected.delete(id);
      }
    }
    const elements = view.runs.map((run) => this.rowFor(run));
    if (elements.length !== this.list.children.length || elements.some((element, i) => this.list.children[i] !== element)) {
      this.list.replaceChildren(...elements);
    }
    this.restoreFocus(focus);
    this.applyFilter();
  }

  /** One run changed: replaced in place, or added at the top when it is new. */
  update(run: HistoryRunView): void {
    const at = this.runs.findIndex((r) => r.id === run.id);
    const old = this.rows.get(run.id)?.element;
    const focus = this.focusedPlace();
    const element = this.rowFor(run);
    if (at >= 0) {
      this.runs[at] = run;
      if (old && old !== element) {
        old.replaceWith(element);
      }
    } else {
      this.runs.unshift(run);
      this.list.prepend(element);
    }
    this.restoreFocus(focus);
    this.applyFilter();
  }

  get view(): HistoryView {
    return { runs: this.runs, workspaceOpen: this.workspaceOpen, ...(this.storageNote ? { storageNote: this.storageNote } : {}) };
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
    const element = renderRun(run, this.strings, this.post, this.selected);
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

  private applyFilter(): void {
    const words = filterWords(this.filterInput.value);
    const toggles = this.toggles;
    this.workspaceToggle.hidden = !this.workspaceOpen;
    this.workspaceToggle.setAttribute('aria-pressed', String(toggles.thisWorkspace));
    this.favouritesToggle.setAttribute('aria-pressed', String(toggles.favourites));
    let shown = 0;
    for (const run of this.runs) {
      const visible = matchesFilter(run, words, toggles);
      const row = this.rows.get(run.id)?.element;
      if (row && row.hidden === visible) {
        row.hidden = !visible;
      }
      shown += visible ? 1 : 0;
    }
    const total = this.runs.length;
    const filtering = words.length > 0 || toggles.thisWorkspace || toggles.favourites;
    this.count.textContent = filtering
      ? fill(this.strings.matchCount, shown, total)
      : total === 1 ? (this.strings.runCountOne ?? '') : fill(this.strings.runCount, total);
    this.count.hidden = total === 0;
    this.emptyNote.textContent = total === 0 ? (this.strings.empty ?? '') : shown === 0 ? (this.strings.noMatch ?? '') : '';
    this.emptyNote.hidden = total > 0 && shown > 0;
  }
}
