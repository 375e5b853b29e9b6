/** The Explorer: rows by file name, folders expanded on the way, and context-menu entries. */
import type { Locator, Page } from 'playwright-core';
import type { PageElement } from '../../harness/pageDom';

const EXPLORER_ROWS = '.explorer-folders-view .monaco-list-row';

function cssString(text: string): string {
  return JSON.stringify(text);
}

/** The row showing `name` (a file or folder name at any depth already expanded). */
export function explorerRow(page: Page, name: string): Locator {
  return page.locator(`${EXPLORER_ROWS}[aria-label=${cssString(name)}], ${EXPLORER_ROWS}[aria-label^=${cssString(`${name},`)}]`).first();
}

/**
 * Shows the row of a workspace-relative path ("photos/harbour.jpg"), expanding each folder on the
 * way, and returns it.
 */
export async function revealExplorerRow(page: Page, relativePath: string, timeoutMs = 30_000): Promise<Locator> {
  const parts = relativePath.split('/').filter((part) => part.length > 0);
  for (const folder of parts.slice(0, -1)) {
    const row = explorerRow(page, folder);
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.click();
      await page.locator(`${EXPLORER_ROWS}[aria-label^=${cssString(folder)}][aria-expanded="true"]`).first().waitFor({ timeout: timeoutMs });
    }
  }
  const row = explorerRow(page, parts[parts.length - 1] ?? relativePath);
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  return row;
}

/** Right-clicks the Explorer row of a workspace-relative path and waits for the context menu. */
export async function rightClickExplorerRow(page: Page, relativePath: string, timeoutMs = 30_000): Promise<void> {
  const row = await revealExplorerRow(page, relativePath, timeoutMs);
  await row.click({ button: 'right' });
  await page.locator('.monaco-menu .action-label').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The labels of the context menu open now (separators left out). */
export async function contextMenuLabels(page: Page): Promise<string[]> {
  return page
    .locator('.monaco-menu .action-label:not(.separator)')
    .evaluateAll((items: PageElement[]) => items.map((item) => item.textContent?.trim() ?? ''));
}

/** Clicks the context-menu entry titled exactly `title`. */
export async function pickContextMenuEntry(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const entry = page.locator('.monaco-menu .action-label').filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  try {
    await entry.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(`The context menu has no entry "${title}" (it shows: ${(await contextMenuLabels(page)).join(' | ')})`);
  }
  await entry.first().click();
  // A click in the first instant after the menu opens can be taken as the end of the right-click
  // and ignored (seen on a loaded machine: the entry highlighted, the menu still open). The entry
  // is highlighted by then, so Enter runs it; only while the menu still shows, never twice.
  const closed = await entry.first().waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
  if (!closed && (await entry.first().isVisible())) {
    await entry.first().hover();
    await page.keyboard.press('Enter');
    await entry.first().waitFor({ state: 'hidden', timeout: timeoutMs });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
