import { chromium, type Browser, type Page } from 'playwright-core';
import type { GalleryView, HostMessage, WebviewMessage } from '../../src/shared/protocol';
import type { PageDocument } from '../harness/pageDom';
import type { PreviewServer } from './previewServer';
import { STRINGS } from './views';

/**
 * The preview page's globals as seen from callbacks that Playwright runs in the page. This
 * compilation has no DOM lib (it would leak into every test), so the page's side is typed here.
 */
export interface PreviewWindow {
  __initialState: unknown;
  __posted: Record<string, unknown>[];
  __cspViolations: string[];
  __hostSend(message: unknown): void;
  /** What the gallery last gave the stand-in vscode.setState. */
  __savedState?: unknown;
  /** Set only if markup smuggled in through a file name ever ran. */
  __pwned?: unknown;
}
declare const window: PreviewWindow;
declare const document: PageDocument;

export type ThemeName = 'light' | 'dark' | 'high-contrast';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface OpenOptions {
  theme?: ThemeName;
  width?: number;
  height?: number;
  initialState?: unknown;
  /** What the host embeds in the page as its first view (an `init` message). */
  firstView?: unknown;
  reducedMotion?: boolean;
}

/** Opens the preview and waits for the gallery's `ready`, as the host would. */
export async function openGallery(browser: Browser, server: PreviewServer, options: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1100, height: options.height ?? 760 },
    reducedMotion: options.reducedMotion === false ? 'no-preference' : 'reduce',
  });
  page.on('pageerror', (error) => {
    throw error;
  });
  if (options.initialState !== undefined) {
    await page.addInitScript((state) => {
      window.__initialState = state;
    }, options.initialState);
  }
  await page.goto(server.pageUrl(options.theme ?? 'dark', options.firstView));
  await waitForPosted(page, { type: 'ready' });
  return page;
}

export async function send(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((m) => window.__hostSend(m), message);
}

/** Sends `init` as the host would; `reportPainted` as in test mode, where the host asks for `painted`. */
export async function init(
  page: Page,
  view: GalleryView,
  strings: Record<string, string> = STRINGS,
  options: { reportPainted?: boolean } = {},
): Promise<void> {
  await send(page, { type: 'init', strings, view, ...options });
  await page.waitForFunction(() => document.querySelector('.gallery') !== null);
}

export function posted(page: Page): Promise<WebviewMessage[]> {
  return page.evaluate(() => window.__posted as unknown as WebviewMessage[]);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
}

/** Waits until a message with these fields has been posted, and returns it. */
export async function waitForPosted(
  page: Page,
  fields: Partial<Record<string, unknown>>,
  timeout = 10_000,
): Promise<WebviewMessage> {
  const handle = await page.waitForFunction(
    (wanted) =>
      window.__posted.find((message) =>
        Object.entries(wanted).every(([key, value]) => JSON.stringify(message[key]) === JSON.stringify(value)),
      ),
    fields,
    { timeout },
  );
  return (await handle.jsonValue()) as WebviewMessage;
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__cspViolations);
}
