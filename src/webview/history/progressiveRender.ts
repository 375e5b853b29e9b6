import type { HistoryRunView, HistoryView } from '../../shared/historyProtocol';

/** The part of the list this drives. */
export interface RenderTarget {
  render(view: HistoryView): void;
  update(run: HistoryRunView): void;
}

export type Schedule = (callback: () => void) => void;

/** The rows of the first screen, and how many more each later task adds. */
export const FIRST_ROWS = 16;
export const ROWS_PER_TASK = 100;

/**
 * Puts a long list on screen in steps: the first screen's rows at once, the rest a slice per
 * task after it, so the first frame does not wait for a thousand rows and typing in the filter
 * is never blocked for long. `view` is always the whole list (what the state keeps).
 */
export class ProgressiveRender {
  private whole: HistoryView = { runs: [], workspaceOpen: false };
  private shown = 0;
  private generation = 0;

  constructor(
    private readonly target: RenderTarget,
    private readonly schedule: Schedule = (callback) => setTimeout(callback, 0),
    private readonly onComplete: () => void = () => undefined,
  ) {}

  get view(): HistoryView {
    return this.whole;
  }

  /** Whether every run of the view is rendered. */
  get complete(): boolean {
    return this.shown >= this.whole.runs.length;
  }

  show(view: HistoryView): void {
    // As many rows as were on screen (a list sent again) stay there while the rest follows.
    this.shown = Math.min(view.runs.length, Math.max(FIRST_ROWS, this.shown));
    this.whole = { runs: [...view.runs], workspaceOpen: view.workspaceOpen };
    const generation = ++this.generation;
    this.renderShown();
    this.continue(generation);
  }

  update(run: HistoryRunView): void {
    const at = this.whole.runs.findIndex((r) => r.id === run.id);
    if (at >= 0) {
      this.whole.runs[at] = run;
    } else {
      this.whole.runs.unshift(run);
      this.shown++;
    }
    if (at < 0 || at < this.shown) {
      this.target.update(run);
    }
  }

  private continue(generation: number): void {
    if (this.complete) {
      this.onComplete();
      return;
    }
    this.schedule(() => {
      if (generation !== this.generation) {
        return;
      }
      this.shown = Math.min(this.whole.runs.length, this.shown + ROWS_PER_TASK);
      this.renderShown();
      this.continue(generation);
    });
  }

  private renderShown(): void {
    this.target.render({ runs: this.whole.runs.slice(0, this.shown), workspaceOpen: this.whole.workspaceOpen });
  }
}
