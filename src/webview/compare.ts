import type { GalleryView, ResultView, WebviewMessage } from '../shared/protocol';
import { caption } from './card';
import { OverlaySlider, type OverlaySide } from './compareSlider';
import { el, icon, setAttr, setText } from './dom';
import { actionButton, setButtonLabel } from './header';
import { VaryButton } from './varyButton';
import type { Words } from './words';

/** Side by side, or one image over the other with a divider to drag. */
export type CompareMode = 'sideBySide' | 'overlay';

/** What the overlay compares a result with: the source, or another result of the run by id. */
const SOURCE_KEY = 'source';

/**
 * A result shown large beside the source, or over the source or another result with a slider
 * between them. A modal <dialog>: the browser traps focus and closes it on Escape; focus returns
 * to whatever opened it.
 */
export class CompareDialog {
  readonly root: HTMLDialogElement;
  private readonly title: HTMLElement;
  private readonly sourceImage: HTMLImageElement;
  private readonly sourceLabel: HTMLElement;
  private readonly resultImage: HTMLImageElement;
  private readonly resultLabel: HTMLElement;
  private readonly resultCaption: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly previousButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly saveAsButton: HTMLButtonElement;
  private readonly openButton: HTMLButtonElement;
  private readonly vary: VaryButton;
  private readonly sideBySideButton: HTMLButtonElement;
  private readonly overlayButton: HTMLButtonElement;
  private readonly modeGroup: HTMLElement;
  private readonly panes: HTMLElement;
  /** Made on the first switch to the overlay: most comparisons never need it. */
  private overlay?: OverlaySlider;
  private mode: CompareMode = 'sideBySide';
  private beforeKey = SOURCE_KEY;
  private resultId?: string;
  private view?: GalleryView;
  private words?: Words;
  private returnFocus?: HTMLElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.title = el('h2', { className: 'compare-title', attrs: { id: 'compare-title' } });
    this.previousButton = iconButton('chevron-left');
    this.previousButton.addEventListener('click', () => this.step(-1));
    this.nextButton = iconButton('chevron-right');
    this.nextButton.addEventListener('click', () => this.step(1));
    this.closeButton = iconButton('close');
    this.closeButton.addEventListener('click', () => this.close());
    this.saveButton = actionButton('save', 'primary');
    this.saveButton.addEventListener('click', () => this.postForResult('save'));
    this.saveAsButton = actionButton('save-as', 'secondary');
    this.saveAsButton.addEventListener('click', () => this.postForResult('saveAs'));
    this.openButton = actionButton('link-external', 'secondary');
    this.openButton.addEventListener('click', () => this.postForResult('open'));
    this.vary = new VaryButton(post);

    this.sourceImage = el('img', { className: 'compare-image', attrs: { decoding: 'async' } });
    this.sourceLabel = el('figcaption', { className: 'compare-label' });
    this.resultImage = el('img', { className: 'compare-image', attrs: { decoding: 'async' } });
    this.resultLabel = el('span', { className: 'compare-label-name' });
    this.resultCaption = el('span', { className: 'compare-label-meta' });
    this.hint = el('p', { className: 'compare-hint' });
    this.sideBySideButton = modeButton('split-horizontal');
    this.sideBySideButton.addEventListener('click', () => this.setMode('sideBySide'));
    this.overlayButton = modeButton('layers');
    this.overlayButton.addEventListener('click', () => this.setMode('overlay'));
    this.modeGroup = el('div', { className: 'compare-modes', attrs: { role: 'group' } }, [this.sideBySideButton, this.overlayButton]);
    this.panes = el('div', { className: 'compare-panes' }, [
      el('figure', { className: 'compare-pane' }, [
        el('div', { className: 'compare-frame checkerboard' }, [this.sourceImage]),
        this.sourceLabel,
      ]),
      el('figure', { className: 'compare-pane' }, [
        el('div', { className: 'compare-frame checkerboard' }, [this.resultImage]),
        el('figcaption', { className: 'compare-label' }, [this.resultLabel, this.resultCaption]),
      ]),
    ]);

    this.root = el('dialog', { className: 'compare', attrs: { 'aria-labelledby': 'compare-title' } }, [
      el('div', { className: 'compare-bar' }, [
        el('div', { className: 'compare-nav' }, [this.previousButton, this.title, this.nextButton]),
        this.modeGroup,
        el('div', { className: 'compare-actions' }, [this.saveButton, this.saveAsButton, this.openButton, this.vary.button]),
        el('div', { className: 'compare-close' }, [this.closeButton]),
      ]),
      this.panes,
      this.hint,
    ]);
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        event.preventDefault();
        this.step(event.key === 'ArrowLeft' ? -1 : 1);
      }
    });
    this.root.addEventListener('close', () => {
      this.resultId = undefined;
      const target = this.returnFocus;
      this.returnFocus = undefined;
      if (target?.isConnected) {
        target.focus();
      }
    });
    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    this.root.addEventListener('click', (event) => {
      if (event.target === this.root) {
        this.close();
      }
    });
  }

  get openResultId(): string | undefined {
    return this.root.open ? this.resultId : undefined;
  }

  open(resultId: string, returnFocus: HTMLElement | undefined): void {
    this.resultId = resultId;
    if (!this.root.open) {
      this.returnFocus = returnFocus;
    }
    this.refresh();
    if (!this.root.open) {
      this.root.showModal();
      this.closeButton.focus();
    }
  }

  close(): void {
    if (this.root.open) {
      this.root.close();
    }
  }

  /** Called on every view update so an open comparison follows saves and renames. */
  render(view: GalleryView, words: Words): void {
    this.view = view;
    this.words = words;
    setButtonLabel(this.previousButton, words.t('previous'));
    setAttr(this.previousButton, 'title', words.t('previous'));
    setButtonLabel(this.nextButton, words.t('next'));
    setAttr(this.nextButton, 'title', words.t('next'));
    setButtonLabel(this.closeButton, words.t('close'));
    setAttr(this.closeButton, 'title', words.t('close'));
    setButtonLabel(this.sideBySideButton, words.t('sideBySide'), 'split-horizontal');
    setButtonLabel(this.overlayButton, words.t('overlay'), 'layers');
    setAttr(this.modeGroup, 'aria-label', words.t('compareMode'));
    if (this.root.open) {
      if (this.current()) {
        this.refresh();
      } else {
        this.close();
      }
    }
  }

  get currentMode(): CompareMode {
    return this.mode;
  }

  setMode(mode: CompareMode): void {
    this.mode = mode;
    this.refresh();
  }

  private readyResults(): ResultView[] {
    return (this.view?.results ?? [])
      .filter((r) => r.status === 'ready' && r.src)
      .sort((a, b) => a.index - b.index);
  }

  private current(): ResultView | undefined {
    return this.readyResults().find((r) => r.id === this.resultId);
  }

  private step(direction: -1 | 1): void {
    const ready = this.readyResults();
    const position = ready.findIndex((r) => r.id === this.resultId);
    const next = ready[position + direction];
    if (next) {
      this.resultId = next.id;
      this.refresh();
    }
  }

  private refresh(): void {
    const view = this.view;
    const words = this.words;
    const result = this.current();
    if (!view || !words || !result?.src) {
      return;
    }
    const ready = this.readyResults();
    const position = ready.indexOf(result);
    setText(this.title, words.t('variationTitle', result.index));
    setAttr(this.sourceImage, 'src', view.sourceSrc);
    setAttr(this.sourceImage, 'alt', words.t('sourceAlt', view.sourceName));
    setText(this.sourceLabel, `${words.t('source')}${words.t('captionSeparator')}${view.sourceName}`);
    setAttr(this.resultImage, 'src', result.src);
    setAttr(this.resultImage, 'alt', words.t('resultAlt', result.index, view.sourceName));
    setText(this.resultLabel, words.t('variationTitle', result.index));
    const meta = caption(result, words);
    setText(this.resultCaption, meta ? `${words.t('captionSeparator')}${meta}` : '');
    this.previousButton.disabled = position <= 0;
    this.nextButton.disabled = position < 0 || position >= ready.length - 1;
    this.previousButton.hidden = this.nextButton.hidden = ready.length < 2;

    const saved = Boolean(result.savedTo);
    setButtonLabel(this.saveButton, saved ? words.t('saved') : words.t('save'), saved ? 'check' : 'save');
    this.saveButton.classList.toggle('is-saved', saved);
    setAttr(this.saveButton, 'title', saved ? words.t('savedTo', result.savedTo!) : undefined);
    setButtonLabel(this.saveAsButton, words.t('saveAs'));
    setButtonLabel(this.openButton, words.t('open'));
    this.vary.render(result.id, result.vary);
    this.refreshMode(view, words, result, ready);
  }

  private refreshMode(view: GalleryView, words: Words, result: ResultView, ready: readonly ResultView[]): void {
    const overlaid = this.mode === 'overlay';
    setAttr(this.sideBySideButton, 'aria-pressed', String(!overlaid));
    setAttr(this.overlayButton, 'aria-pressed', String(overlaid));
    setText(this.hint, words.t(overlaid ? 'overlayHint' : 'compareHint'));
    this.panes.hidden = overlaid;
    if (!overlaid) {
      if (this.overlay) {
        this.overlay.root.hidden = true;
      }
      return;
    }
    if (!this.overlay) {
      this.overlay = new OverlaySlider((key) => {
        this.beforeKey = key;
        this.refresh();
      });
      this.panes.after(this.overlay.root);
    }
    this.overlay.root.hidden = false;
    const source: OverlaySide = { key: SOURCE_KEY, src: view.sourceSrc, alt: words.t('sourceAlt', view.sourceName), label: words.t('source') };
    const sideOf = (r: ResultView): OverlaySide => ({
      key: r.id,
      src: r.src ?? '',
      alt: words.t('resultAlt', r.index, view.sourceName),
      label: words.t('variationTitle', r.index),
    });
    const others = ready.filter((r) => r.id !== result.id).map(sideOf);
    // Paging onto the result it was compared with falls back to the source.
    const before = others.find((side) => side.key === this.beforeKey) ?? source;
    this.beforeKey = before.key;
    this.overlay.show(before, sideOf(result), [source, ...others], words);
  }

  private postForResult(type: 'save' | 'saveAs' | 'open'): void {
    if (this.resultId) {
      this.post({ type, resultId: this.resultId });
    }
  }
}

/** A toggle of the comparison's two views; `aria-pressed` says which is on. */
function modeButton(name: string): HTMLButtonElement {
  const button = actionButton(name, 'secondary');
  button.classList.add('compare-mode');
  button.setAttribute('aria-pressed', 'false');
  return button;
}

function iconButton(name: string): HTMLButtonElement {
  return el('button', { className: 'icon-button', attrs: { type: 'button' } }, [icon(name)]);
}
