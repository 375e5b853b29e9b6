/** What a failed run leaves in test-results/ for a person to read: screenshot and VS Code's logs. */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';

export async function saveScreenshot(page: Page | undefined, file: string): Promise<string | undefined> {
  if (!page || page.isClosed()) {
    return undefined;
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 10_000 });
    return file;
  } catch {
    return undefined;
  }
}

/**
 * VS Code writes the extension host's log, the extensions' output channels and the server's
 * log under the user-data dir; the run's temp folder is removed, so they are copied out first.
 */
export function copyVsCodeLogs(userDataDir: string, destination: string): void {
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) {
    fs.cpSync(logs, destination, { recursive: true });
  }
}

export function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'unnamed';
}
