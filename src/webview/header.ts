import type { GalleryView, WebviewMessage } from '../shared/protocol';
import { el, icon, replaceChildrenIfChanged, setAttr, setText } from './dom';
import { renderLineage } from './lineageCrumbs';
import type { Words } from './words';

/** The strip at the top: source thumbnail and name, the run's settings as chips, run actions. */
export class Header {
  readonly root: HTMLElement;
  private readonly thumb: HTMLImageElement;
  private readonly name: HTMLElement;
  private readonly meta: HTMLElement;
  /** A Vary run's breadcrumb, under the source's name. */
  private readonly lineage: HTMLElement;
  private readonly chips: HTMLUListElement;
  private readonly actions: HTMLElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly saveAllButton: HTMLButtonElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.thumb = el('img', { className: 'source-thumb', attrs: { decoding: 'async' } });
    this.name = el('h1', { className: 'source-name' });
    this.meta = el('p', { className: 'source-meta' });
    this.lineage = el('div', { className: 'source-lineage' });
    this.lineage.hidden = true;
    this.chips = el('ul', { className: 'chips' });
    this.cancelButton = actionButton('debug-stop', 'secondary');
    this.cancelButton.addEventListener('click', () => post({ type: 'cancel' }));
    this.saveAllButton = actionButton('save-all', 'primary');
    this.saveAllButton.addEventListener('click', () => {
      // aria-disabled rather than disabled: the button keeps the focus a click gave it.
      if (this.saveAllButton.getAttribute('aria-disabled') !== 'true') {
        post({ type: 'saveAll' });
      }
    });
    this.actions = el('div', { className: 'header-actions' }, [this.cancelButton, this.saveAllButton]);
    this.root = el('header', { className: 'header' }, [
      el('div', { className: 'source' }, [el('div', { className: 'source-thumb-frame checkerboard' }, [this.thumb]), el('div', { className: 'source-text' }, [this.name, this.lineage, this.meta])]),
      this.chips,
      this.actions,
    ]);
  }

  render(view: GalleryView, words: Words, running: boolean): void {
    setAttr(this.thumb, 'src', view.sourceSrc);
    setAttr(this.thumb, 'alt', words.t('sourceAlt', view.sourceName));
    setText(this.name, view.sourceName);
    setAttr(this.name, 'title', view.sourceName);

    const meta: string[] = [];
    if (view.credits) {
      meta.push(words.t('credits', words.count(view.credits.used), words.count(view.credits.limit)));
    }
    if (view.runCost !== undefined) {
      meta.push(words.t('runCost', words.count(view.runCost)));
    }
    if (view.recordId) {
      meta.push(words.t('recordId', view.recordId));
    }
    this.lineage.hidden = !view.lineage;
    replaceChildrenIfChanged(this.lineage, JSON.stringify(view.lineage ?? null), () =>
      view.lineage
        ? [renderLineage(view.lineage, (crumb) => this.post({ type: 'openLineage', generationId: crumb.generationId, ...(crumb.resultId ? { resultId: crumb.resultId } : {}) }))]
        : [],
    );
    setText(this.meta, meta.join(words.t('captionSeparator')));
    this.meta.hidden = meta.length === 0;

    setAttr(this.chips, 'aria-label', words.t('settings'));
    replaceChildrenIfChanged(this.chips, JSON.stringify(view.chips), () =>
      view.chips.map((chip) => el('li', { className: 'chip', text: chip.label, attrs: { title: chip.title } })),
    );

    setButtonLabel(this.cancelButton, words.t('cancel'));
    this.cancelButton.hidden = !running;
    const ready = view.results.filter((r) => r.status === 'ready');
    // Once every ready result is saved there is nothing for Save all to do until another arrives.
    const allSaved = ready.length > 0 && ready.every((r) => r.savedTo);
    setButtonLabel(this.saveAllButton, words.t(allSaved ? 'allSaved' : 'saveAll'), allSaved ? 'check-all' : 'save-all');
    setAttr(this.saveAllButton, 'aria-disabled', allSaved ? 'true' : undefined);
    this.saveAllButton.classList.toggle('is-saved', allSaved);
    this.saveAllButton.hidden = ready.length === 0;
    this.actions.hidden = this.cancelButton.hidden && this.saveAllButton.hidden;
  }
}

export function actionButton(iconName: string, kind: 'primary' | 'secondary' | 'ghost'): HTMLButtonElement {
  return el('button', { className: `button button--${kind}`, attrs: { type: 'button' } }, [
    icon(iconName),
    el('span', { className: 'button-label' }),
  ]);
}

/** The visible label is also the accessible name; aria-label keeps it when CSS hides the text. */
export function setButtonLabel(button: HTMLButtonElement, label: string, iconName?: string): void {
  const labelNode = button.querySelector('.button-label');
  if (labelNode) {
    setText(labelNode, label);
  }
  setAttr(button, 'aria-label', label);
  if (iconName) {
    const glyph = button.querySelector('.codicon');
    if (glyph) {
      setAttr(glyph, 'class', `codicon codicon-${iconName}`);
    }
  }
}
