/**
 * The little of the DOM that callbacks run inside a page (Playwright's `evaluate`,
 * `evaluateAll`, `waitForFunction`) reach for. The tests compile without the DOM library (it
 * would leak into every Node-side test), so the page's side is typed here, only as far as the
 * tests use it. Each file declares the page's `document` itself (`declare const document:
 * PageDocument`): an imported value would not exist inside the page.
 */
export interface PageElement {
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): { readonly top: number };
}

export interface PageImage extends PageElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
  decode(): Promise<void>;
}

export interface PageDocument {
  readonly activeElement: PageElement | null;
  readonly fonts: { readonly ready: Promise<unknown> };
  querySelector<E extends PageElement = PageElement>(selector: string): E | null;
  querySelectorAll<E extends PageElement = PageElement>(selector: string): ArrayLike<E>;
}
