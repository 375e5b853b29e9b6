import { assertNever } from '../shared/guards';
import { formatName } from '../shared/imageFormat';
import type { GalleryView, ResultView, WebviewMessage } from '../shared/protocol';
import { el, icon, setAttr, setText } from './dom';
import { actionButton, setButtonLabel } from './header';
import type { Slot } from './slots';
import { VaryButton } from './varyButton';
import type { Words } from './words';

export interface CardHandlers {
  post(message: WebviewMessage): void;
  openCompare(resultId: string): void;
  /** Called with the <img> of a ready result each time its src is set. */
  imageSet(resultId: string, image: HTMLImageElement): void;
}

/**
 * One grid cell. It keeps its <img> across updates: a new view with the same src touches
 * nothing, so nothing flickers or jumps.
 */
export class Card {
  readonly root: HTMLLIElement;
  private readonly media: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly savedLine: HTMLElement;
  /** Says a result global storage refused lives only in this window, and to save it. */
  private readonly notStoredLine: HTMLElement;
  private readonly actions: HTMLElement;
  private image?: HTMLImageElement;
  private mediaKey = '';
  private actionsKey = '';
  private resultId?: string;
  /** Kept across renders (like the image) so a new offer does not rebuild it. */
  private readonly vary: VaryButton;

  constructor(private readonly handlers: CardHandlers) {
    this.vary = new VaryButton((message) => handlers.post(message));
    this.media = el('div', { className: 'card-media checkerboard' });
    this.caption = el('p', { className: 'card-caption' });
    this.savedLine = el('p', { className: 'card-saved' });
    this.savedLine.hidden = true;
    this.notStoredLine = el('p', { className: 'card-not-stored', attrs: { 'data-testid': 'not-stored' } });
    this.notStoredLine.hidden = true;
    this.actions = el('div', { className: 'card-actions' });
    this.root = el('li', { className: 'card' }, [
      this.media,
      el('div', { className: 'card-footer' }, [this.caption, this.savedLine, this.notStoredLine, this.actions]),
    ]);
  }

  render(slot: Slot, view: GalleryView, words: Words): void {
    const index = slot.kind === 'result' ? slot.result.index : slot.index;
    this.root.dataset.kind = slot.kind === 'result' ? slot.result.status : slot.kind;
    this.root.dataset.index = String(index);
    if (slot.kind === 'result') {
      this.resultId = slot.result.id;
      this.root.dataset.resultId = slot.result.id;
    } else {
      this.resultId = undefined;
      delete this.root.dataset.resultId;
    }
    const captionId = `caption-${slot.kind === 'result' ? slot.result.id : `slot-${index}`}`;
    this.caption.id = captionId;
    this.renderSavedLine(slot.kind === 'result' && slot.result.status === 'ready' ? slot.result.savedTo : undefined, words);
    // Once saved the user has the file; until then the words say what is at stake.
    const notStored = slot.kind === 'result' && slot.result.status === 'ready' && slot.result.notStored === true && !slot.result.savedTo;
    setText(this.notStoredLine, notStored ? words.t('notStored') : '');
    this.notStoredLine.hidden = !notStored;

    switch (slot.kind) {
      case 'waiting':
        this.renderPlaceholder(`waiting`, 'loading', words.t('pending', index), words.t('variationTitle', index), true);
        this.renderActions('none', () => []);
        return;
      case 'withheld':
        this.renderPlaceholder('withheld', 'eye-closed', words.t('withheld'), words.t('variationTitle', index), false);
        this.renderActions('none', () => []);
        return;
      case 'result':
        this.renderResult(slot.result, view, words, captionId);
        return;
      default:
        assertNever(slot);
    }
  }

  focusTarget(): HTMLElement | undefined {
    return this.root.querySelector<HTMLElement>('.card-preview, .card-actions button') ?? undefined;
  }

  private renderResult(result: ResultView, view: GalleryView, words: Words, captionId: string): void {
    const terminal = ['failed', 'cancelled', 'interrupted', 'done'].includes(view.state.kind);
    if (result.status === 'ready' && result.src) {
      this.renderImage(result, view, words, captionId);
      setText(this.caption, caption(result, words));
      this.renderReadyActions(result, words);
      this.vary.render(result.id, result.vary);
      return;
    }
    if (result.status === 'ready' && result.notStored) {
      // Its bytes are on their way from the host (a blob: URL); Save works without them.
      this.renderPlaceholder('waiting', 'loading', words.t('pending', result.index), words.t('variationTitle', result.index), true);
      setText(this.caption, caption(result, words));
      this.renderReadyActions(result, words);
      return;
    }
    if (result.status === 'failed') {
      this.renderPlaceholder('failed', 'error', result.error ?? words.t('downloadFailed'), words.t('variationTitle', result.index), false);
      setText(this.caption, words.t('downloadFailed'));
      this.renderActions(`retry|${words.t('retryDownload')}`, () => {
        const retry = actionButton('refresh', 'secondary');
        setButtonLabel(retry, words.t('retryDownload'));
        retry.addEventListener('click', () => this.post('retryDownload'));
        return [retry];
      });
      return;
    }
    this.root.dataset.kind = terminal ? 'missing' : 'waiting';
    if (terminal) {
      this.renderPlaceholder('missing', 'circle-slash', words.t('notDownloaded'), words.t('variationTitle', result.index), false);
    } else {
      this.renderPlaceholder('waiting', 'loading', words.t('pending', result.index), words.t('variationTitle', result.index), true);
    }
    this.renderActions('none', () => []);
  }

  private renderImage(result: ResultView, view: GalleryView, words: Words, captionId: string): void {
    if (this.mediaKey !== 'image' || !this.image) {
      this.mediaKey = 'image';
      this.image = el('img', { className: 'card-image', attrs: { decoding: 'async', draggable: 'false' } });
      const preview = el('button', {
        className: 'card-preview',
        attrs: { type: 'button', 'aria-haspopup': 'dialog' },
      }, [this.image]);
      preview.addEventListener('click', () => {
        if (this.resultId) {
          this.handlers.openCompare(this.resultId);
        }
      });
      this.media.replaceChildren(preview);
    }
    setAttr(this.root, 'aria-busy', undefined);
    const preview = this.image.parentElement as HTMLElement;
    setAttr(preview, 'aria-describedby', captionId);
    setAttr(preview, 'title', words.t('compare', words.t('variationTitle', result.index)));
    setAttr(this.image, 'alt', words.t('resultAlt', result.index, view.sourceName));
    if (result.width && result.height) {
      setAttr(this.image, 'width', String(result.width));
      setAttr(this.image, 'height', String(result.height));
    }
    if (this.image.getAttribute('src') !== result.src) {
      this.image.setAttribute('src', result.src!);
      this.handlers.imageSet(result.id, this.image);
    }
  }

  private renderPlaceholder(kind: string, iconName: string, text: string, label: string, busy: boolean): void {
    const key = `${kind}|${text}|${label}`;
    if (this.mediaKey === key) {
      return;
    }
    this.mediaKey = key;
    this.image = undefined;
    this.media.replaceChildren(
      el('div', { className: `card-placeholder card-placeholder--${kind}`, attrs: { role: 'img', 'aria-label': `${label}: ${text}` } }, [
        icon(iconName, busy ? 'codicon-modifier-spin' : ''),
        el('span', { className: 'card-placeholder-text', text }),
      ]),
    );
    setAttr(this.root, 'aria-busy', busy ? 'true' : undefined);
    setText(this.caption, '');
  }

  /** The name the result was saved as; a click shows that file (the host decides where). */
  private renderSavedLine(savedTo: string | undefined, words: Words): void {
    const key = savedTo ? `${savedTo}|${words.t('revealSaved', savedTo)}` : '';
    if (this.savedLine.dataset.renderKey === key) {
      return;
    }
    this.savedLine.dataset.renderKey = key;
    this.savedLine.hidden = !savedTo;
    if (!savedTo) {
      this.savedLine.replaceChildren();
      return;
    }
    const name = fileNameOf(savedTo);
    const link = el('button', {
      className: 'card-saved-link',
      attrs: {
        type: 'button',
        title: words.t('savedToReveal', savedTo),
        'aria-label': words.t('revealSaved', name),
        'data-action': 'revealSaved',
      },
    }, [icon('check'), el('span', { className: 'card-saved-name', text: name })]);
    link.addEventListener('click', () => this.post('revealSaved'));
    this.savedLine.replaceChildren(link);
  }

  private renderReadyActions(result: ResultView, words: Words): void {
    const saveLabel = result.savedTo ? words.t('saved') : words.t('save');
    const starLabel = words.t(result.favourite ? 'unfavourite' : 'favourite', result.index);
    const key = `ready|${saveLabel}|${result.savedTo ?? ''}|${words.t('saveAs')}|${words.t('open')}|${starLabel}`;
    this.renderActions(key, () => {
      // Secondary like its neighbours: with a primary Save on every card, three or four blue
      // buttons competed with each other and with the header's Save all.
      const save = actionButton(result.savedTo ? 'check' : 'save', 'secondary');
      labelWithTooltip(save, saveLabel);
      if (result.savedTo) {
        save.classList.add('is-saved');
        const where = words.t('savedTo', result.savedTo);
        setAttr(save, 'title', where);
        setAttr(save, 'aria-description', where);
      }
      save.dataset.action = 'save';
      save.addEventListener('click', () => this.post('save'));
      const saveAs = actionButton('save-as', 'secondary');
      labelWithTooltip(saveAs, words.t('saveAs'));
      saveAs.dataset.action = 'saveAs';
      saveAs.addEventListener('click', () => this.post('saveAs'));
      // Opens the image in an editor tab; go-to-file read as a clipboard at icon size.
      const open = actionButton('link-external', 'secondary');
      labelWithTooltip(open, words.t('open'));
      open.dataset.action = 'open';
      open.addEventListener('click', () => this.post('open'));
      // The star: a toggle whose pressed state is the mark; the history keeps favourites.
      const star = actionButton(result.favourite ? 'star-full' : 'star-empty', 'secondary');
      setAttr(star, 'aria-label', starLabel);
      setAttr(star, 'title', starLabel);
      setAttr(star, 'aria-pressed', String(result.favourite === true));
      star.classList.add('card-favourite');
      star.dataset.action = 'favourite';
      star.addEventListener('click', () => {
        if (this.resultId) {
          this.handlers.post({ type: 'favourite', resultId: this.resultId, favourite: !result.favourite });
        }
      });
      return [save, saveAs, open, this.vary.button, star];
    });
  }

  private renderActions(key: string, build: () => HTMLElement[]): void {
    if (this.actionsKey === key) {
      return;
    }
    this.actionsKey = key;
    this.actions.replaceChildren(...build());
  }

  private post(type: 'save' | 'saveAs' | 'open' | 'retryDownload' | 'revealSaved'): void {
    if (this.resultId) {
      this.handlers.post({ type, resultId: this.resultId });
    }
  }
}

/**
 * Narrow cards hide their buttons' words (gallery.css), leaving icons: the tooltip says what each
 * does, and the accessible name stays in aria-label either way.
 */
function labelWithTooltip(button: HTMLButtonElement, label: string): void {
  setButtonLabel(button, label);
  setAttr(button, 'title', label);
}

/** The last segment of a saved path, whichever separator the host's platform uses. */
export function fileNameOf(savedTo: string): string {
  return savedTo.split(/[\\/]/).pop() || savedTo;
}

export function caption(result: ResultView, words: Words): string {
  const parts: string[] = [];
  if (result.width && result.height) {
    parts.push(`${result.width} × ${result.height}`);
  }
  if (result.format) {
    parts.push(formatName(result.format));
  }
  if (result.bytes !== undefined) {
    parts.push(words.size(result.bytes));
  }
  return parts.join(words.t('captionSeparator'));
}
