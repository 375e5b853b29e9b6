import { assertNever } from '../../shared/guards';
import type { HistoryHostMessage, HistoryPaintSource, HistoryRunView, HistoryStrings, HistoryView } from '../../shared/historyProtocol';

/** What a host message changes in the list (historyList.ts); no DOM types, so it is tested in Node. */
export interface ListOfRuns {
  setStrings(strings: HistoryStrings): void;
  render(view: HistoryView, savedCount?: string): void;
  update(run: HistoryRunView): void;
  readonly countText: string;
}

/** Test mode's paint report (paintReport.ts). */
export interface PaintReports {
  rendered(from: HistoryPaintSource, dataAt: number): void;
  report(from: HistoryPaintSource, dataAt: number): void;
}

/** What the page remembers of the host's messages beyond the list (kept in its saved state). */
export interface PageMemory {
  strings: HistoryStrings | undefined;
  reportPaint: boolean;
}

export interface HostMessagePage {
  list: ListOfRuns;
  paint: PaintReports;
  memory: PageMemory;
  /** Keeps the first screen in the page state, for a quick repaint when shown again. */
  save(): void;
}

/** One message of the host, received at `receivedAt` (epoch ms). */
export function handleHostMessage(message: HistoryHostMessage, receivedAt: number, page: HostMessagePage): void {
  const { list, paint, memory } = page;
  switch (message.type) {
    case 'init':
      memory.strings = message.strings;
      list.setStrings(message.strings);
      // The first screen's runs only: the count line stays as it was until the whole list comes.
      list.render(message.view, message.more ? list.countText : undefined);
      memory.reportPaint = message.reportPaint === true;
      if (memory.reportPaint) {
        paint.rendered('init', receivedAt);
      }
      break;
    case 'runs':
      list.render(message.view);
      break;
    case 'run':
      list.update(message.run);
      break;
    case 'shown':
      // The page was kept while hidden and is up to date: nothing to render or save.
      if (memory.reportPaint) {
        paint.report('shown', receivedAt);
      }
      return;
    default:
      assertNever(message);
  }
  page.save();
}
