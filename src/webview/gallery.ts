import type { GalleryStrings, GalleryView, WebviewMessage } from '../shared/protocol';
import { CompareDialog } from './compare';
import { el, icon, setText } from './dom';
import { Grid } from './grid';
import { Header } from './header';
import { PaintedTracker } from './painted';
import { RunActionsBar } from './runActionsBar';
import { describeState } from './status';
import { StatusStrip } from './statusStrip';
import { Words } from './words';

/** The whole page: builds its parts once, then renders each view the host sends into them. */
export class Gallery {
  private readonly header: Header;
  private readonly runActions: RunActionsBar;
  private readonly notice: HTMLElement;
  private readonly noticeText: HTMLElement;
  private readonly status: StatusStrip;
  private readonly grid: Grid;
  private readonly compare: CompareDialog;
  private readonly painted: PaintedTracker;
  private view?: GalleryView;
  private words = new Words({}, undefined);
  private ticker?: ReturnType<typeof setInterval>;

  constructor(
    container: HTMLElement,
    post: (message: WebviewMessage) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.painted = new PaintedTracker(post, now);
    this.header = new Header(post);
    this.runActions = new RunActionsBar(post);
    // Its own row at the foot of the header (media/gallery.css).
    this.header.root.append(this.runActions.root);
    this.noticeText = el('span', { className: 'notice-text' });
    this.notice = el('div', { className: 'notice', attrs: { role: 'note', 'data-testid': 'emulator-notice' } }, [
      icon('beaker'),
      this.noticeText,
    ]);
    this.notice.hidden = true;
    this.status = new StatusStrip(post);
    this.compare = new CompareDialog(post);
    this.grid = new Grid({
      post,
      openCompare: (resultId) => this.openCompare(resultId),
      imageSet: (resultId, image) => this.painted.imageSet(resultId, image),
    });
    container.replaceChildren(
      el('div', { className: 'gallery' }, [
        this.notice,
        this.header.root,
        this.status.root,
        this.grid.root,
      ]),
      this.status.liveRegion,
      this.compare.root,
    );
  }

  /** The host asked for `painted` reports (it does only in test mode). */
  reportPainted(): void {
    this.painted.start();
  }

  /** The source's thumbnail, whose decode is part of the first paint. */
  sourceThumbnail(): HTMLImageElement | undefined {
    return this.header.root.querySelector<HTMLImageElement>('img.source-thumb') ?? undefined;
  }

  setStrings(strings: GalleryStrings): void {
    this.words = new Words(strings, document.documentElement.lang || undefined);
  }

  render(view: GalleryView): void {
    this.view = view;
    const words = this.words;
    const model = describeState(view, words, this.now());
    document.title = view.sourceName;
    setText(this.noticeText, view.emulatorNotice ?? '');
    this.notice.hidden = !view.emulatorNotice;
    this.header.render(view, words, model.running);
    this.runActions.render(view, words);
    this.status.render(model);
    this.grid.render(view, words);
    this.painted.setReady(
      new Map(view.results.filter((r) => r.status === 'ready' && r.src).map((r) => [r.id, r.src!])),
    );
    this.compare.render(view, words);
    this.updateTicker();
  }

  focusResult(resultId: string): void {
    const card = this.grid.cardFor(resultId);
    const target = card?.focusTarget();
    if (!card || !target) {
      return;
    }
    this.compare.close();
    target.focus();
    target.scrollIntoView({ block: 'nearest' });
    // Restart the highlight animation even if it ran a moment ago.
    card.root.classList.remove('is-highlighted');
    void card.root.offsetWidth;
    card.root.classList.add('is-highlighted');
  }

  private openCompare(resultId: string): void {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    this.compare.open(resultId, opener);
  }

  /** Elapsed time ticks only while generating; nothing runs in the background otherwise. */
  private updateTicker(): void {
    const generating = this.view?.state.kind === 'generating';
    if (generating && !this.ticker) {
      this.ticker = setInterval(() => {
        if (this.view) {
          this.status.render(describeState(this.view, this.words, this.now()));
        }
      }, 1000);
    } else if (!generating && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
