import type { GalleryView, ResultView, WebviewMessage } from '../shared/protocol';
import { caption } from './card';
import { el, icon, setAttr, setText } from './dom';
import { actionButton, setButtonLabel } from './header';
import { VaryButton } from './varyButton';
import type { Words } from './words';

/**
 * A result shown large beside the source. A modal <dialog>: the browser traps focus and closes
 * it on Escape; focus returns to whatever opened it.
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

    this.root = el('dialog', { className: 'compare', attrs: { 'aria-labelledby': 'compare-title' } }, [
      el('div', { className: 'compare-bar' }, [
        el('div', { className: 'compare-nav' }, [this.previousButton, this.title, this.nextButton]),
        el('div', { className: 'compare-actions' }, [this.saveButton, this.saveAsButton, this.openButton, this.vary.button]),
        el('div', { className: 'compare-close' }, [this.closeButton]),
      ]),
      el('div', { className: 'compare-panes' }, [
        el('figure', { className: 'compare-pane' }, [
          el('div', { className: 'compare-frame checkerboard' }, [this.sourceImage]),
          this.sourceLabel,
        ]),
        el('figure', { className: 'compare-pane' }, [
          el('div', { className: 'compare-frame checkerboard' }, [this.resultImage]),
          el('figcaption', { className: 'compare-label' }, [this.resultLabel, this.resultCaption]),
        ]),
      ]),
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
    setText(this.hint, words.t('compareHint'));
    if (this.root.open) {
      if (this.current()) {
        this.refresh();
      } else {
        this.close();
      }
    }
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
  }

  private postForResult(type: 'save' | 'saveAs' | 'open'): void {
    if (this.resultId) {
      this.post({ type, resultId: this.resultId });
    }
  }
}

function iconButton(name: string): HTMLButtonElement {
  return el('button', { className: 'icon-button', attrs: { type: 'button' } }, [icon(name)]);
}
