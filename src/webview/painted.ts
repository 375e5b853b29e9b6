import type { WebviewMessage } from '../shared/protocol';

/** The part of an <img> the tracker uses (kept structural so plain Node tests can drive it). */
export interface DecodableImage {
  getAttribute(name: string): string | null;
  decode(): Promise<void>;
  readonly isConnected: boolean;
}

/**
 * Tells the host when result images are really on screen: each time the set of ready results
 * whose current image has decoded grows, it posts `painted` with the whole set. It stays silent,
 * decoding nothing, until `start()`: only the host in test mode asks for these reports.
 */
export class PaintedTracker {
  private reporting = false;
  /** result id → the src that decoded for it */
  private readonly decoded = new Map<string, string>();
  /** result id → the image showing it and the src it was given */
  private readonly shown = new Map<string, { src: string; image: DecodableImage }>();
  private reported = new Set<string>();

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** From now on, report; images already shown (a panel restored from its state) count too. */
  start(): void {
    if (this.reporting) {
      return;
    }
    this.reporting = true;
    for (const [resultId, { src, image }] of this.shown) {
      this.watch(resultId, src, image);
    }
  }

  imageSet(resultId: string, image: DecodableImage): void {
    const src = image.getAttribute('src') ?? '';
    this.shown.set(resultId, { src, image });
    if (this.reporting) {
      this.watch(resultId, src, image);
    }
  }

  /** The ready results of the latest view, so results that left the view stop counting. */
  setReady(ready: Map<string, string>): void {
    for (const [id, { src }] of [...this.shown]) {
      if (ready.get(id) !== src) {
        this.shown.delete(id);
      }
    }
    this.reported = new Set([...this.reported].filter((id) => this.isPainted(id)));
  }

  private watch(resultId: string, src: string, image: DecodableImage): void {
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

  private isPainted(id: string): boolean {
    const shown = this.shown.get(id);
    return shown !== undefined && this.decoded.get(id) === shown.src;
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
