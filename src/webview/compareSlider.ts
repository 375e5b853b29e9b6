import { el, setAttr, setText } from './dom';
import type { Words } from './words';

/** One side of the overlay: what is shown and what it is called. */
export interface OverlaySide {
  /** What the other select lists it under: "source" or a result id. */
  key: string;
  src: string;
  alt: string;
  label: string;
}

/** Arrow keys move the divider by this much; Page Up/Down by the larger step. */
const ARROW_STEP = 5;
const PAGE_STEP = 20;

/** The divider's position in whole percent, kept inside 0 … 100. */
export function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(Number.isFinite(value) ? value : 50)));
}

/** Where a key moves the divider from `at`, or undefined when the key is not the slider's. */
export function percentAfterKey(key: string, at: number): number | undefined {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampPercent(at - ARROW_STEP);
    case 'ArrowRight':
    case 'ArrowUp':
      return clampPercent(at + ARROW_STEP);
    case 'PageDown':
      return clampPercent(at - PAGE_STEP);
    case 'PageUp':
      return clampPercent(at + PAGE_STEP);
    case 'Home':
      return 0;
    case 'End':
      return 100;
    default:
      return undefined;
  }
}

/**
 * Two images on top of each other, a divider between them: left of it the "before" image (the
 * source or another result), right of it the result. The divider is a slider for assistive
 * technology and the keyboard (arrows, Page Up/Down, Home/End) and follows a dragging pointer
 * anywhere on the picture.
 */
export class OverlaySlider {
  readonly root: HTMLElement;
  private readonly frame: HTMLElement;
  private readonly beforeImage: HTMLImageElement;
  private readonly afterImage: HTMLImageElement;
  private readonly afterLayer: HTMLElement;
  private readonly beforeTag: HTMLElement;
  private readonly afterTag: HTMLElement;
  readonly divider: HTMLElement;
  private readonly chooser: HTMLSelectElement;
  private readonly chooserLabel: HTMLElement;
  private percent = 50;
  private before?: OverlaySide;
  private after?: OverlaySide;
  private words?: Words;

  /** `choose` is told which side the person picked to compare with. */
  constructor(private readonly choose: (key: string) => void) {
    this.beforeImage = el('img', { className: 'overlay-image', attrs: { decoding: 'async', draggable: 'false' } });
    this.afterImage = el('img', { className: 'overlay-image', attrs: { decoding: 'async', draggable: 'false' } });
    this.beforeTag = el('span', { className: 'overlay-tag overlay-tag-before', attrs: { 'aria-hidden': 'true' } });
    this.afterTag = el('span', { className: 'overlay-tag overlay-tag-after', attrs: { 'aria-hidden': 'true' } });
    this.divider = el('div', {
      className: 'overlay-divider',
      attrs: { role: 'slider', tabindex: '0', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-orientation': 'horizontal' },
    }, [el('span', { className: 'overlay-handle', attrs: { 'aria-hidden': 'true' } })]);
    this.afterLayer = el('div', { className: 'overlay-after' }, [this.afterImage]);
    this.frame = el('div', { className: 'overlay-frame checkerboard' }, [
      this.beforeImage,
      this.afterLayer,
      this.beforeTag,
      this.afterTag,
      this.divider,
    ]);
    this.chooser = el('select', { className: 'overlay-chooser', attrs: { id: 'overlay-chooser' } });
    this.chooser.addEventListener('change', () => this.choose(this.chooser.value));
    this.chooserLabel = el('label', { className: 'overlay-chooser-label', attrs: { for: 'overlay-chooser' } });
    this.root = el('div', { className: 'overlay' }, [
      el('div', { className: 'overlay-bar' }, [this.chooserLabel, this.chooser]),
      this.frame,
    ]);

    this.divider.addEventListener('keydown', (event) => {
      const next = percentAfterKey(event.key, this.percent);
      if (next !== undefined) {
        // The dialog pages through variations on arrows; on the divider they move it instead.
        event.preventDefault();
        event.stopPropagation();
        this.setPercent(next);
      }
    });
    this.frame.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) {
        return;
      }
      event.preventDefault();
      this.frame.setPointerCapture(event.pointerId);
      this.divider.focus({ preventScroll: true });
      this.followPointer(event);
    });
    this.frame.addEventListener('pointermove', (event) => {
      if (this.frame.hasPointerCapture(event.pointerId)) {
        this.followPointer(event);
      }
    });
    const release = (event: PointerEvent) => {
      if (this.frame.hasPointerCapture(event.pointerId)) {
        this.frame.releasePointerCapture(event.pointerId);
      }
    };
    this.frame.addEventListener('pointerup', release);
    this.frame.addEventListener('pointercancel', release);
    this.setPercent(this.percent);
  }

  get value(): number {
    return this.percent;
  }

  /** Shows `after` over `before`; `choices` are what the "compare with" list offers. */
  show(before: OverlaySide, after: OverlaySide, choices: readonly OverlaySide[], words: Words): void {
    this.before = before;
    this.after = after;
    this.words = words;
    setAttr(this.beforeImage, 'src', before.src);
    setAttr(this.beforeImage, 'alt', before.alt);
    setAttr(this.afterImage, 'src', after.src);
    setAttr(this.afterImage, 'alt', after.alt);
    setText(this.beforeTag, before.label);
    setText(this.afterTag, after.label);
    setText(this.chooserLabel, words.t('compareWith'));
    const key = choices.map((choice) => `${choice.key}=${choice.label}`).join('|');
    if (this.chooser.dataset.renderKey !== key) {
      this.chooser.dataset.renderKey = key;
      this.chooser.replaceChildren(...choices.map((choice) => el('option', { attrs: { value: choice.key }, text: choice.label })));
    }
    this.chooser.value = before.key;
    setAttr(this.divider, 'aria-label', words.t('overlayDivider', before.label, after.label));
    this.setPercent(this.percent);
  }

  setPercent(value: number): void {
    this.percent = clampPercent(value);
    this.divider.style.left = `${this.percent}%`;
    this.afterLayer.style.clipPath = `inset(0 0 0 ${this.percent}%)`;
    setAttr(this.divider, 'aria-valuenow', String(this.percent));
    if (this.before && this.after && this.words) {
      setAttr(this.divider, 'aria-valuetext', this.words.t('overlayValue', this.before.label, this.percent, this.after.label, 100 - this.percent));
    }
  }

  private followPointer(event: PointerEvent): void {
    const box = this.frame.getBoundingClientRect();
    if (box.width > 0) {
      this.setPercent(((event.clientX - box.left) / box.width) * 100);
    }
  }
}
