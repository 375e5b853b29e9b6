import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PageDocument, PageImage } from '../harness/pageDom';
import { cspViolations, init, launchChromium, openGallery, type ThemeName } from './browser';
import { REPO_ROOT, startPreviewServer, type PreviewServer } from './previewServer';
import { stateViews } from './views';

// Page-side globals for the callbacks below (this compilation has no DOM lib).
declare const document: PageDocument;

const OUT = join(REPO_ROOT, 'test-results', 'webview');
const THEMES: ThemeName[] = ['light', 'dark', 'high-contrast'];
const SIZES = [
  { name: 'wide', width: 1280, height: 820 },
  { name: 'narrow', width: 420, height: 820 },
];

/**
 * Pictures of every main state in each theme, for people to look at (and for the README).
 * Each also checks that the page rendered without a CSP violation.
 */
describe('gallery screenshots', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: PreviewServer;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startPreviewServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const theme of THEMES) {
    it(`captures each state in ${theme}`, async () => {
      for (const size of SIZES) {
        const page = await openGallery(browser, server, { theme, width: size.width, height: size.height });
        const views = stateViews(server.origin, Date.now());
        for (const [name, view] of Object.entries(views)) {
          await init(page, view);
          await page.waitForFunction(() =>
            Array.from(document.querySelectorAll<PageImage>('img[src]')).every((img) => img.complete),
          );
          await page.evaluate(() => document.fonts.ready);
          await page.screenshot({ path: join(OUT, `${name}-${theme}-${size.name}.png`), fullPage: true });
        }
        // The comparison view, opened from the done state's first card.
        await init(page, views.done);
        await page.click('.card-preview');
        await page.waitForSelector('dialog.compare[open]');
        await page.screenshot({ path: join(OUT, `compare-${theme}-${size.name}.png`) });
        assert.deepEqual(await cspViolations(page), []);
        await page.close();
      }
    });
  }
});
