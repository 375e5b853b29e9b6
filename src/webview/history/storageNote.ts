/**
 * What the storage cap removed: said once, quietly, above the list; not a live region. The user
 * may dismiss it; a different note (another removal) shows again.
 */
import { el, icon } from '../dom';

export class StorageNote {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly dismiss: HTMLButtonElement;
  private note: string | undefined;
  private dismissed: string | undefined;

  /** `afterDismiss`: where the focus goes once the note is gone. */
  constructor(afterDismiss: () => void) {
    this.text = el('span', { className: 'storage-note-text' });
    this.dismiss = el('button', { className: 'storage-note-dismiss', attrs: { type: 'button' } }, [icon('close')]);
    this.dismiss.addEventListener('click', () => {
      this.dismissed = this.note;
      this.render();
      afterDismiss();
    });
    this.element = el('div', { className: 'storage-note', attrs: { 'data-testid': 'storage-note' } }, [
      icon('info'),
      this.text,
      this.dismiss,
    ]);
    this.element.hidden = true;
  }

  /** The host's note of the list, or undefined when nothing was removed. */
  get current(): string | undefined {
    return this.note;
  }

  set current(note: string | undefined) {
    this.note = note;
    this.render();
  }

  setDismissLabel(label: string): void {
    this.dismiss.title = label;
    this.dismiss.setAttribute('aria-label', label);
  }

  private render(): void {
    const note = this.note && this.note !== this.dismissed ? this.note : '';
    this.text.textContent = note;
    this.element.hidden = note === '';
  }
}
