/**
 * The history list: builds each run's row once, and filters by showing and hiding rows, so a
 * keystroke costs a string search per run and no DOM rebuilding.
 */
import { filterWords, matchesFilter } from '../../shared/historyFilter';
import type { HistoryRunView, HistoryStrings, HistoryView } from '../../shared/historyProtocol';
import { el } from '../dom';
import { fill, renderRun, type Post } from './rows';

export class HistoryList {
  private strings: HistoryStrings = {};
  private runs: HistoryRunView[] = [];
  private readonly rows = new Map<string, HTMLLIElement>();
  private readonly filterInput: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly emptyNote: HTMLElement;

  constructor(root: HTMLElement, private readonly post: Post) {
    this.filterInput = el('input', { className: 'filter', attrs: { type: 'search', id: 'filter', spellcheck: 'false' } });
    this.filterInput.addEventListener('input', () => this.applyFilter());
    this.count = el('p', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.list = el('ul', { className: 'runs' });
    this.emptyNote = el('p', { className: 'empty' });
    root.replaceChildren(
      el('div', { className: 'toolbar' }, [el('label', { className: 'visually-hidden', attrs: { for: 'filter' } }), this.filterInput]),
      this.count,
      this.list,
      this.emptyNote,
    );
  }

  get filterText(): string {
    return this.filterInput.value;
  }

  set filterText(text: string) {
    this.filterInput.value = text;
  }

  setStrings(strings: HistoryStrings): void {
    this.strings = strings;
    const label = this.filterInput.previousElementSibling;
    if (label) {
      label.textContent = strings.filterLabel ?? '';
    }
    this.filterInput.placeholder = strings.filterPlaceholder ?? '';
    this.list.setAttribute('aria-label', strings.listLabel ?? '');
  }

  render(view: HistoryView): void {
    this.runs = view.runs;
    this.rows.clear();
    this.list.replaceChildren(...view.runs.map((run) => this.buildRow(run)));
    this.applyFilter();
  }

  /** One run changed: replaced in place, or added at the top when it is new. */
  update(run: HistoryRunView): void {
    const at = this.runs.findIndex((r) => r.id === run.id);
    const row = this.buildRow(run);
    const old = this.rows.get(run.id);
    if (at >= 0 && old) {
      this.runs[at] = run;
      // Keep the focus where it was when the row under it is rebuilt.
      const focusedName = old.contains(document.activeElement) ? (document.activeElement as HTMLElement).getAttribute('aria-label') : null;
      old.replaceWith(row);
      if (focusedName) {
        [...row.querySelectorAll<HTMLElement>('[aria-label]')].find((n) => n.getAttribute('aria-label') === focusedName)?.focus();
      }
    } else {
      this.runs.unshift(run);
      this.list.prepend(row);
    }
    this.rows.set(run.id, row);
    this.applyFilter();
  }

  get view(): HistoryView {
    return { runs: this.runs };
  }

  private buildRow(run: HistoryRunView): HTMLLIElement {
    const row = renderRun(run, this.strings, this.post);
    this.rows.set(run.id, row);
    return row;
  }

  private applyFilter(): void {
    const words = filterWords(this.filterInput.value);
    let shown = 0;
    for (const run of this.runs) {
      const visible = matchesFilter(run, words);
      const row = this.rows.get(run.id);
      if (row && row.hidden === visible) {
        row.hidden = !visible;
      }
      shown += visible ? 1 : 0;
    }
    const total = this.runs.length;
    this.count.textContent = words.length > 0
      ? fill(this.strings.matchCount, shown, total)
      : total === 1 ? (this.strings.runCountOne ?? '') : fill(this.strings.runCount, total);
    this.count.hidden = total === 0;
    this.emptyNote.textContent = total === 0 ? (this.strings.empty ?? '') : shown === 0 ? (this.strings.noMatch ?? '') : '';
    this.emptyNote.hidden = total > 0 && shown > 0;
  }
}
