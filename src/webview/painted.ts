import type { WebviewMessage } from '../shared/protocol';

/**
 * Tells the host when result images are really on screen: each time the set of ready results
 * whose current image has decoded grows, it posts `painted` with the whole set.
 */
export class PaintedTracker {
  /** result id → the src that decoded for it */
  private readonly decoded = new Map<string, string>();
  /** result id → src currently shown */
  private readonly shown = new Map<string, string>();
  private reported = new Set<string>();

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly now: () => number = Date.now,
  ) {}

  imageSet(resultId: string, image: HTMLImageElement): void {
    const src = image.getAttribute('src') ?? '';
    this.shown.set(resultId, src);
    image.decode().then(
      () => {
        if (image.getAttribute('src') === src && image.isConnected) {
          this.decoded.set(resultId, src);
          this.report();
        }
      },
      () => {
        // A broken or replaced image is simply not painted; the card shows the browser's alt text.
      },
    );
  }

  /** The ready results of the latest view, so results that left the view stop counting. */
  setReady(ready: Map<string, string>): void {
    for (const id of [...this.shown.keys()]) {
      if (ready.get(id) !== this.shown.get(id)) {
        this.shown.delete(id);
      }
    }
    this.reported = new Set([...this.reported].filter((id) => this.isPainted(id)));
  }

  private isPainted(id: string): boolean {
    const shown = this.shown.get(id);
    return shown !== undefined && this.decoded.get(id) === shown;
  }

  private report(): void {
    const painted = [...this.shown.keys()].filter((id) => this.isPainted(id));
    if (!painted.some((id) => !this.reported.has(id))) {
      return;
    }
    this.reported = new Set(painted);
    this.post({ type: 'painted', resultIds: painted.slice(0, 16), at: this.now() });
  }
}
