import type { FirstPaintSource, WebviewMessage } from '../shared/protocol';
import type { DecodableImage } from './painted';

/** Calls back once the frame that holds the current DOM has been put on screen. */
export type AfterNextPaint = (callback: () => void) => void;

/** The frame is drawn right after requestAnimationFrame's callbacks; a task queued there runs after it. */
export const afterNextPaint: AfterNextPaint = (callback) => {
  requestAnimationFrame(() => setTimeout(callback, 0));
};

/**
 * Tells the host, when it asks (test mode only), when the page's first view reached the screen:
 * the frame with the source's name, its settings and the placeholders, and the decode of the
 * source thumbnail. One report per page load; silent until `start()`.
 */
export class FirstPaintReporter {
  private first?: { from: FirstPaintSource; at?: number; thumbnailAt?: number; thumbnailSettled: boolean };
  private reporting = false;
  private sent = false;

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    /** When the gallery script began and when the page began loading (epoch ms). */
    private readonly scriptAt: number,
    private readonly documentAt: number,
    private readonly now: () => number = Date.now,
    private readonly nextPaint: AfterNextPaint = afterNextPaint,
  ) {}

  /** The page rendered a view; only the first one counts. */
  rendered(from: FirstPaintSource, thumbnail: DecodableImage | undefined): void {
    if (this.first) {
      return;
    }
    const first: NonNullable<FirstPaintReporter['first']> = { from, thumbnailSettled: thumbnail === undefined };
    this.first = first;
    this.nextPaint(() => {
      first.at = this.now();
      this.report();
    });
    thumbnail?.decode().then(
      () => {
        first.thumbnailAt = this.now();
        first.thumbnailSettled = true;
        this.report();
      },
      () => {
        // A thumbnail that cannot decode shows the alt text: the paint counts without it.
        first.thumbnailSettled = true;
        this.report();
      },
    );
  }

  start(): void {
    this.reporting = true;
    this.report();
  }

  private report(): void {
    const first = this.first;
    if (!this.reporting || this.sent || !first || first.at === undefined || !first.thumbnailSettled) {
      return;
    }
    this.sent = true;
    this.post({
      type: 'firstPaint',
      from: first.from,
      at: first.at,
      scriptAt: this.scriptAt,
      documentAt: this.documentAt,
      ...(first.thumbnailAt !== undefined ? { thumbnailAt: first.thumbnailAt } : {}),
    });
  }
}
