import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PageDocument } from '../harness/pageDom';
import { cspViolations, init, launchChromium, openGallery, type ThemeName } from './browser';
import { REPO_ROOT, startPreviewServer, type PreviewServer } from './previewServer';
import { makeView } from './views';

// Page-side globals for the callbacks below (this compilation has no DOM lib).
declare const document: PageDocument;

const OUT = join(REPO_ROOT, 'test-results', 'webview');
const THEMES: ThemeName[] = ['light', 'dark'];

/**
 * The usual duration of runs like this one, as the host sends it from the user's own past runs
 * (src/runs/estimates.ts): said while generating, and "longer than usual" once the run passes it.
 */
describe('gallery webview: the usual duration from the user\'s own runs', function () {
  this.timeout(60_000);
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

  const details = () => document.querySelector('.status-details')?.textContent ?? '';

  for (const theme of THEMES) {
    it(`says it, then says "longer than usual" once the run passes it (${theme})`, async () => {
      const page = await openGallery(browser, server, { theme, width: 1100, height: 760 });
      await init(page, makeView(server.origin, { kind: 'generating', startedAt: Date.now() - 12_000, typicalSeconds: 38 }));
      await page.waitForFunction(() => document.querySelector('.status-details')?.textContent?.includes('usually take about 38 s'));
      assert.doesNotMatch(await page.evaluate(details), /longer than usual/);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(OUT, `estimate-${theme}.png`) });

      // 38 s usually, 44.5 s gone: the strip's own clock crosses the line without a word from the host.
      await init(page, makeView(server.origin, { kind: 'generating', startedAt: Date.now() - 44_500, typicalSeconds: 38 }));
      assert.doesNotMatch(await page.evaluate(details), /longer than usual/);
      await page.waitForFunction(() => document.querySelector('.status-details')?.textContent?.includes('longer than usual'), undefined, { timeout: 5_000 });
      await page.screenshot({ path: join(OUT, `estimate-longer-${theme}.png`) });
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }
});
