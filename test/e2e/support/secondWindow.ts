/**
 * A second window on the same code-server: another browser tab on the workbench's URL. Each tab
 * has its own extension host, and both share one global storage, as two VS Code windows do.
 */
import type { Page } from 'playwright-core';
import { waitForCommand } from './palette';
import type { Workbench } from './workbench';

/** Opens the second tab and waits until its Explorer shows and `readyCommand` is in its palette. */
export async function openSecondWindow(workbench: Workbench, readyCommand: string, timeoutMs = 90_000): Promise<Page> {
  const other = await workbench.context.newPage();
  await other.goto(workbench.page.url());
  await other.locator('.monaco-workbench .explorer-folders-view').first().waitFor({ state: 'visible', timeout: timeoutMs });
  await waitForCommand(other, readyCommand);
  return other;
}
