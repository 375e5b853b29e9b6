/** A webview panel's document: the outer `iframe.webview`, then VS Code's inner `#active-frame`. */
import type { FrameLocator, Page } from 'playwright-core';

/**
 * The document of the webview panel showing now. With several webviews open, `index` picks one
 * (in document order of their iframes).
 */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.locator('iframe.webview').nth(index).contentFrame().frameLocator('iframe#active-frame');
}

/** Waits until a webview panel's document has an element matching `selector` visible. */
export async function waitForWebview(page: Page, selector: string, timeoutMs = 60_000, index = 0): Promise<FrameLocator> {
  const frame = webviewFrame(page, index);
  await frame.locator(selector).first().waitFor({ state: 'visible', timeout: timeoutMs });
  return frame;
}

/**
 * The document of a webview view (a sidebar view such as the history), found by its kind, not by
 * position: galleries opened later add iframes before it.
 */
export function webviewViewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview[src*="purpose=webviewView"]').contentFrame().frameLocator('iframe#active-frame');
}
