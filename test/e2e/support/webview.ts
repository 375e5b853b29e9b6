/** A webview panel's document: the outer `iframe.webview`, then VS Code's inner `#active-frame`. */
import type { FrameLocator, Page } from 'playwright-core';
import { waitFor } from '../../harness/wait';

/** Webview views (the history, kept alive while hidden) have iframes too: these are the panels'. */
function panelIframes(page: Page) {
  return page.locator('iframe.webview:not([src*="purpose=webviewView"])');
}

/**
 * The document of the webview panel showing now. With several webviews open, `index` picks one
 * (in document order of their iframes).
 */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return panelIframes(page).nth(index).contentFrame().frameLocator('iframe#active-frame');
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

/** The webview panel whose document has `selector` visible, whichever of the open ones it is. */
export async function webviewPanelShowing(page: Page, selector: string, description: string, timeoutMs = 90_000): Promise<FrameLocator> {
  return waitFor(
    async () => {
      const count = await panelIframes(page).count();
      for (let index = 0; index < count; index += 1) {
        const frame = webviewFrame(page, index);
        if (await frame.locator(selector).first().isVisible().catch(() => false)) {
          return frame;
        }
      }
      return undefined;
    },
    { timeoutMs, description },
  );
}
