import type { GenerationRecord } from '../runs/record';
import type { HistoryHostMessage, HistoryRunView, HistoryStrings, HistoryView } from '../shared/historyProtocol';

/** The runs the first message carries: more than a tall sidebar shows; the whole list follows. */
export const FIRST_SCREEN_RUNS = 24;

/** A list read from disk whose rows are made only when asked for, so the first screen's go out before the rest are made. */
export interface ListedRuns {
  count: number;
  view(upTo: number): HistoryView;
}

/** What every view of the list shares, whatever its length. */
export type ListFrame = Omit<HistoryView, 'runs'>;

/** The list over `records`, newest first, each row made once by `row` the first time a view reaches it. */
export function rowsOnDemand(records: readonly GenerationRecord[], row: (record: GenerationRecord) => HistoryRunView, frame: ListFrame): ListedRuns {
  const rows: HistoryRunView[] = [];
  return {
    count: records.length,
    view: (upTo) => {
      while (rows.length < Math.min(upTo, records.length)) {
        rows.push(row(records[rows.length]));
      }
      return { runs: rows.slice(0, upTo), ...frame };
    },
  };
}

/**
 * What the *Variations* view sends its page, and when: nothing until the page says `ready`, then
 * the first screen of runs, then the whole list. Plain, so the order can be tested in Node.
 */
export class HistoryFeed {
  private postToPage: ((message: HistoryHostMessage) => void) | undefined;
  private ready = false;

  /** A new page (or the first): it hears nothing but direct answers until it says `ready`. */
  attach(post: (message: HistoryHostMessage) => void): void {
    this.postToPage = post;
    this.ready = false;
  }

  /** The page went away with its view. */
  detach(): void {
    this.postToPage = undefined;
    this.ready = false;
  }

  /** The page said `ready`: from now on it hears of every change, also while its first list is read. */
  pageReady(): void {
    this.ready = true;
  }

  get listening(): boolean {
    return this.postToPage !== undefined && this.ready;
  }

  /**
   * The page's first list: only the first screen's runs in `init`, so they paint before the
   * rest are made; when there are more, the whole list follows at once.
   */
  sendFirstList(list: ListedRuns, strings: HistoryStrings, reportPaint: boolean): void {
    const more = list.count > FIRST_SCREEN_RUNS;
    this.post({
      type: 'init',
      strings,
      view: list.view(FIRST_SCREEN_RUNS),
      ...(more ? { more: true } : {}),
      ...(reportPaint ? { reportPaint: true } : {}),
    });
    if (more) {
      this.post({ type: 'runs', view: list.view(list.count) });
    }
  }

  /**
   * The view was shown again. Its page was kept (retainContextWhenHidden) and this window's
   * changes reached it while hidden, so no list is sent: only `shown`, for test mode's paint report.
   */
  shownAgain(): void {
    if (this.listening) {
      this.post({ type: 'shown' });
    }
  }

  /** Sent only to a page that said `ready`; the message is made only then (making a row presents offers). */
  postWhenListening(message: () => HistoryHostMessage): void {
    if (this.listening) {
      this.post(message());
    }
  }

  /** Sent to the page there is, ready or not (answers to what the page itself asked). */
  post(message: HistoryHostMessage): void {
    this.postToPage?.(message);
  }
}
