/** Screenshots for the README and for looking at, kept in test-results/e2e/screenshots/. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { testResultsDir } from '../../harness/paths';

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function screenshotPath(name: string): string {
  return testResultsDir('e2e', 'screenshots', `${name}.png`);
}

/** The smallest region holding every box, grown by `margin` and kept inside the page. */
export async function regionAround(page: Page, targets: Locator[], margin = 12): Promise<Region> {
  const boxes = [];
  for (const target of targets) {
    const box = await target.boundingBox();
    if (box) {
      boxes.push(box);
    }
  }
  if (boxes.length === 0) {
    throw new Error('None of the screenshot targets is on the page');
  }
  const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
  const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
  const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
  const right = Math.min(viewport.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin);
  const bottom = Math.min(viewport.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Saves the page (or a region of it) as test-results/e2e/screenshots/<name>.png; returns the path. */
export async function saveScreenshot(page: Page, name: string, clip?: Region): Promise<string> {
  const file = screenshotPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
  return file;
}
