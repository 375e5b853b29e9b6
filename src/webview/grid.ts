import type { GalleryView } from '../shared/protocol';
import { Card, type CardHandlers } from './card';
import { setAttr } from './dom';
import { mediaRatio, slotKey, slotsFor } from './slots';
import type { Words } from './words';

/**
 * The result cards, keyed by slot so each update moves or reuses existing nodes instead of
 * rebuilding them. Arrow keys move between cards (Up/Down by row), Home/End to the ends.
 */
export class Grid {
  readonly root: HTMLUListElement;
  private cards = new Map<string, Card>();

  constructor(private readonly handlers: CardHandlers) {
    this.root = document.createElement('ul');
    this.root.className = 'grid';
    this.root.addEventListener('keydown', (event) => this.onKeyDown(event));
  }

  render(view: GalleryView, words: Words): void {
    setAttr(this.root, 'aria-label', words.t('results'));
    const slots = slotsFor(view);
    this.root.dataset.slots = String(Math.min(4, Math.max(1, slots.length)));
    this.root.hidden = slots.length === 0;
    this.root.style.setProperty('--media-ratio', String(mediaRatio(view)));

    const next = new Map<string, Card>();
    slots.forEach((slot, position) => {
      const key = slotKey(slot);
      const card = this.cards.get(key) ?? new Card(this.handlers);
      card.render(slot, view, words);
      next.set(key, card);
      // Move only when out of place: re-inserting a node holding focus would drop the focus.
      if (this.root.children[position] !== card.root) {
        this.root.insertBefore(card.root, this.root.children[position] ?? null);
      }
    });
    for (const [key, card] of this.cards) {
      if (!next.has(key)) {
        card.root.remove();
      }
    }
    this.cards = next;
  }

  cardFor(resultId: string): Card | undefined {
    return this.cards.get(`result:${resultId}`);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    const items = Array.from(this.root.children) as HTMLElement[];
    const current = items.findIndex((item) => item.contains(document.activeElement));
    if (current < 0) {
      return;
    }
    const columns = this.columnCount();
    let target: number;
    switch (event.key) {
      case 'ArrowRight':
        target = current + 1;
        break;
      case 'ArrowLeft':
        target = current - 1;
        break;
      case 'ArrowDown':
        target = current + columns;
        break;
      case 'ArrowUp':
        target = current - columns;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = items.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    if (target < 0 || target >= items.length || target === current) {
      return;
    }
    focusEquivalent(items[current], items[target]);
  }

  private columnCount(): number {
    const template = getComputedStyle(this.root).gridTemplateColumns;
    const count = template.split(' ').filter((part) => part.trim() !== '').length;
    return Math.max(1, count);
  }
}

/**
 * Focus in the target card the control that matches the focused one (Save on Save, the image on
 * the image), falling back to the card's first focusable control.
 */
function focusEquivalent(from: HTMLElement, to: HTMLElement): void {
  const focusables = (card: HTMLElement) =>
    Array.from(card.querySelectorAll<HTMLElement>('button:not([disabled]), [tabindex="0"]'));
  const fromList = focusables(from);
  const toList = focusables(to);
  const position = fromList.findIndex((node) => node === document.activeElement);
  const target = toList[position] ?? toList[0] ?? to;
  if (target === to && !to.hasAttribute('tabindex')) {
    // Placeholders have no controls; let them take focus so arrows can pass over them.
    to.tabIndex = -1;
  }
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
}
