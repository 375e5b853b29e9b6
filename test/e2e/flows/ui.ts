/** Small pieces of the workbench UI the flows need beyond ../support. */
import type { Locator, Page } from 'playwright-core';
import type { PageElement } from '../../harness/pageDom';
import {
  contextMenuLabels,
  pickContextMenuEntry,
  pickQuickPickItem,
  rightClickExplorerRow,
  runCommand,
  waitFor,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForTheme,
  type ColorTheme,
} from '../support';
import { waitForStep } from './variationSteps';

export const EXPLORER_ENTRY = 'Create Variations with Flux Redux…';
/** The palette title that shows once the extension's contributions have arrived. */
export const PALETTE_COMMAND = 'Flux Redux: Create Variations…';

/** Starts "Create Variations" on a workspace file from its Explorer menu; returns at step 1. */
export async function createVariationsFromExplorer(page: Page, relativePath: string): Promise<void> {
  await rightClickExplorerRow(page, relativePath);
  await pickContextMenuEntry(page, EXPLORER_ENTRY);
  await waitForStep(page, 1);
}

/**
 * The labels of the Explorer context menu of a workspace-relative path; closes the menu again.
 * Waits for a built-in entry every file and folder menu has ("Copy Path") so the menu is whole
 * before it is read.
 */
export async function explorerMenuLabels(page: Page, relativePath: string): Promise<string[]> {
  await rightClickExplorerRow(page, relativePath);
  await page.locator('.monaco-menu .action-label', { hasText: 'Copy Path' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const labels = await contextMenuLabels(page);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 30_000 });
  return labels;
}

/** The action items of the active editor group's title bar (icon actions), by accessible name. */
export function editorTitleActions(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-actions .action-item .action-label');
}

export async function editorTitleActionNames(page: Page): Promise<string[]> {
  return editorTitleActions(page).evaluateAll((items: PageElement[]) =>
    items.map((item) => item.getAttribute('aria-label') ?? item.getAttribute('title') ?? '').filter((name) => name !== ''),
  );
}

/** The active tab's label. */
export async function activeTabLabel(page: Page): Promise<string> {
  const tab = page.locator('.editor-group-container.active .tabs-container .tab.active').first();
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
  return (await tab.getAttribute('aria-label')) ?? '';
}

/** Closes whatever quick input is open (a leftover from a failed step) so the next test starts clean. */
export async function closeQuickInputIfOpen(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget').isVisible()) {
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);
  }
}

/** Closes every editor (earlier galleries included) so the next panel is the only webview. */
export async function closeAllEditors(page: Page): Promise<void> {
  const tabs = page.locator('.tabs-container .tab');
  for (let attempt = 1; attempt <= 3 && (await tabs.count()) > 0; attempt += 1) {
    await runCommand(page, 'View: Close All Editors');
    await waitFor(async () => ((await tabs.count()) === 0 ? true : undefined), {
      timeoutMs: 15_000,
      description: 'every editor tab to close',
    }).catch(() => undefined);
  }
  // Webview views (the history in the side bar) are not editors and stay.
  const panels = page.locator('iframe.webview:not([src*="purpose=webviewView"]):visible');
  await waitFor(async () => ((await tabs.count()) === 0 && (await panels.count()) === 0 ? true : undefined), {
    timeoutMs: 30_000,
    description: 'no editor tab and no webview panel left',
  });
}

const THEME_PICKER_LABELS: Record<ColorTheme, string> = {
  light: 'Light Modern',
  dark: 'Dark Modern',
  'high-contrast': 'Dark High Contrast',
  'high-contrast-light': 'Light High Contrast',
};

/**
 * Switches the colour theme as a person does, through "Preferences: Color Theme". (Editing
 * settings.json under a running code-server, as support's setColorTheme does, was not noticed
 * by the workbench here.)
 */
export async function chooseColorTheme(page: Page, theme: ColorTheme): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = await waitForQuickInput(page);
  await input.fill(THEME_PICKER_LABELS[theme]);
  await pickQuickPickItem(page, THEME_PICKER_LABELS[theme]);
  await waitForQuickInputClosed(page);
  await waitForTheme(page, theme);
}
