/** Other things a test looks at in the workbench: notifications, editor tabs, files on disk, screenshots. */
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { safeFileName } from '../../harness/artifacts';
import { testResultsDir } from '../../harness/paths';
import { waitFor } from '../../harness/wait';

/** Waits for a notification toast whose message contains `text`; returns the toast. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** Clicks a button of a notification toast (e.g. "Set API Key…"). */
export async function clickNotificationButton(toast: Locator, label: string): Promise<void> {
  await toast.locator('.monaco-button', { hasText: label }).first().click();
}

/** Waits for an editor tab with this title (e.g. "cat.png", or a webview panel's title). */
export async function waitForEditorTab(page: Page, title: string, timeoutMs = 30_000): Promise<Locator> {
  const tab = page.locator(`.tabs-container .tab[aria-label^=${JSON.stringify(title)}]`).first();
  await tab.waitFor({ state: 'visible', timeout: timeoutMs });
  return tab;
}

/** Waits until a file exists (and is not empty); returns its absolute path. */
export async function waitForFile(filePath: string, timeoutMs = 30_000): Promise<string> {
  return waitFor(() => (fs.existsSync(filePath) && fs.statSync(filePath).size > 0 ? filePath : undefined), {
    timeoutMs,
    description: `the file ${filePath}`,
  });
}

/** Waits until a folder holds at least `count` entries matching `pattern`; returns their names. */
export async function waitForFilesIn(dir: string, pattern: RegExp, count = 1, timeoutMs = 30_000): Promise<string[]> {
  return waitFor(
    () => {
      const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => pattern.test(name)) : [];
      return names.length >= count ? names.sort() : undefined;
    },
    { timeoutMs, description: `${count} file(s) matching ${pattern} in ${dir}` },
  );
}

/**
 * Saves a screenshot as test-results/screenshots/<name>.png (of the page, or of one element or
 * frame element when `target` is given); returns the file's path.
 */
export async function takeScreenshot(page: Page, name: string, target?: Locator): Promise<string> {
  const file = testResultsDir('screenshots', `${safeFileName(name)}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (target) {
    await target.screenshot({ path: file });
  } else {
    await page.screenshot({ path: file });
  }
  return file;
}
