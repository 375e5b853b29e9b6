/** The command palette: waiting for a command to be contributed, and running one by title. */
import type { Page } from 'playwright-core';
import type { PageElement } from '../../harness/pageDom';
import { quickInputRowLabels, waitForQuickInput, waitForQuickInputClosed } from './quickInput';

/** How long to wait for an extension's contributions by default; FLUX_E2E_COMMAND_TIMEOUT_MS overrides. */
export function defaultCommandTimeoutMs(): number {
  const fromEnv = Number(process.env.FLUX_E2E_COMMAND_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 60_000;
}

async function openPaletteWith(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  let input;
  try {
    input = await waitForQuickInput(page, 3_000);
  } catch {
    // Keys pressed while a webview has focus never reach the workbench: open the palette through
    // the command center in the title bar instead, which needs no keyboard focus.
    await page.locator('.command-center .action-label, .command-center').first().click();
    input = await waitForQuickInput(page);
  }
  // F1 opens the palette with '>' already typed; keep it so only commands are listed.
  await input.fill(`>${title}`);
}

async function paletteShows(page: Page, title: string): Promise<boolean> {
  // The list filters as the text arrives; the row appears once the palette has caught up.
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name', { hasText: title });
  try {
    await row.first().waitFor({ state: 'visible', timeout: 2_000 });
  } catch {
    return false;
  }
  return (await quickInputRowLabels(page)).includes(title);
}

/**
 * Resolves once the palette lists a command titled exactly `title` (as shown: "Category: Title").
 * Contributions arrive a little after the Explorer shows, so it reopens the palette until then.
 */
export async function waitForCommand(page: Page, title: string, timeoutMs = defaultCommandTimeoutMs()): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openPaletteWith(page, title);
    const found = await paletteShows(page, title);
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);
    if (found) {
      return;
    }
    if (Date.now() >= deadline) {
      throw new Error(`The command palette did not list "${title}" within ${timeoutMs} ms`);
    }
  }
}

/** Runs a command from the palette by its shown title (waits for it to be listed first). */
export async function runCommand(page: Page, title: string, timeoutMs = defaultCommandTimeoutMs()): Promise<void> {
  await waitForCommand(page, title, timeoutMs);
  await openPaletteWith(page, title);
  if (!(await paletteShows(page, title))) {
    throw new Error(`"${title}" vanished from the command palette`);
  }
  await selectFocusedRowTitled(page, title);
}

async function selectFocusedRowTitled(page: Page, title: string): Promise<void> {
  const labels = await quickInputRowLabels(page);
  const index = labels.indexOf(title);
  const focused = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows: PageElement[]) =>
    rows.findIndex((row) => row.classList.contains('focused')),
  );
  const steps = index - Math.max(focused, 0);
  for (let i = 0; i < Math.abs(steps); i += 1) {
    await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  }
  await page.keyboard.press('Enter');
}
