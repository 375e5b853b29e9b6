/** The gallery webview as a person sees it: result images shown, buttons by their names. */
import type { FrameLocator, Page } from 'playwright-core';
import type { PageElement } from '../../harness/pageDom';
import { waitFor, waitForWebview } from '../support';

export interface ShownImage {
  alt: string;
  naturalWidth: number;
  naturalHeight: number;
}

/** The parts of an <img> read here (the tests compile without the DOM library). */
interface ImageElementLike {
  alt: string;
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
  getBoundingClientRect(): { width: number };
}

/** Waits for the gallery panel's document (its header), returns it. */
export async function waitForGallery(page: Page, timeoutMs = 90_000): Promise<FrameLocator> {
  return waitForWebview(page, 'header.header', timeoutMs);
}

/** The result images that have really been decoded and painted (not placeholders, not broken). */
export async function shownResultImages(gallery: FrameLocator): Promise<ShownImage[]> {
  return gallery.locator('.card img.card-image').evaluateAll((images) =>
    (images as unknown as ImageElementLike[])
      .filter((image) => image.complete && image.naturalWidth > 0 && image.getBoundingClientRect().width > 0)
      .map((image) => ({ alt: image.alt, naturalWidth: image.naturalWidth, naturalHeight: image.naturalHeight })),
  );
}

/** Waits until exactly `count` result images are shown. */
export async function waitForResultImages(gallery: FrameLocator, count: number, timeoutMs = 120_000): Promise<ShownImage[]> {
  return waitFor(
    async () => {
      const shown = await shownResultImages(gallery);
      return shown.length === count ? shown : undefined;
    },
    { timeoutMs, description: `${count} result image(s) shown in the gallery` },
  );
}

/** The text of the status strip ("Generating… 3 s elapsed", "Done: 3 variations."). */
export async function statusText(gallery: FrameLocator): Promise<string> {
  return ((await gallery.locator('[data-testid="status"] .status-headline').textContent()) ?? '').trim();
}

export async function waitForStatus(gallery: FrameLocator, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  return waitFor(
    async () => {
      const text = await statusText(gallery);
      return pattern.test(text) ? text : undefined;
    },
    { timeoutMs, description: `the gallery's status to match ${pattern}` },
  );
}

/** The accessible names of the cards' first (Save) buttons, in card order. */
export async function cardSaveButtonNames(gallery: FrameLocator): Promise<string[]> {
  return gallery
    .locator('.card .card-actions button[data-action="save"]')
    .evaluateAll((buttons: PageElement[]) => buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent?.trim() ?? ''));
}
