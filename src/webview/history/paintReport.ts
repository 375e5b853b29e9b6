import type { HistoryPaintSource, HistoryWebviewMessage } from '../../shared/historyProtocol';
import { afterNextPaint, type AfterNextPaint } from '../firstPaint';

/** The images of the first screen: those whose box meets the viewport. */
export function imagesOnScreen(root: ParentNode, viewportHeight: number): HTMLImageElement[] {
  return [...root.querySelectorAll('img')].filter((image) => {
    const box = image.getBoundingClientRect();
    return box.bottom > 0 && box.top < viewportHeight && box.width > 0;
  });
}

/**
 * Test mode only: tells the host when the first screen of the list was on screen, its frame
 * drawn and every thumbnail on it decoded. One report per page load, and one each time the kept
 * page is shown again, for the benchmark's
 * "Show History to the first screen painted".
 */
export class HistoryPaintReporter {
  private sent = false;

  constructor(
    private readonly post: (message: HistoryWebviewMessage) => void,
    private readonly firstScreenImages: () => HTMLImageElement[],
    private readonly now: () => number = Date.now,
    private readonly nextPaint: AfterNextPaint = afterNextPaint,
  ) {}

  /** The list that arrived at `dataAt` was rendered from `from`; only the first render of the page is reported. */
  rendered(from: HistoryPaintSource, dataAt: number): void {
    if (this.sent) {
      return;
    }
    this.report(from, dataAt);
  }

  /** Reports the next frame whatever was reported before (the view shown again with its page kept). */
  report(from: HistoryPaintSource, dataAt: number): void {
    this.sent = true;
    this.nextPaint(() => {
      const frameAt = this.now();
      const images = this.firstScreenImages();
      // A thumbnail that cannot decode shows its placeholder box: the paint counts without it.
      void Promise.all(images.map((image) => image.decode().then(() => 1, () => 0))).then((decoded) => {
        const thumbnails = decoded.reduce<number>((sum, one) => sum + one, 0);
        const at = images.length > 0 ? this.now() : frameAt;
        this.post({ type: 'painted', from, at, thumbnails, documentAt: Math.round(performance.timeOrigin), dataAt });
      });
    });
  }
}
