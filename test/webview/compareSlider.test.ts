import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PageDocument, PageElement, PageImage } from '../harness/pageDom';
import { cspViolations, init, launchChromium, openGallery, type ThemeName } from './browser';
import { REPO_ROOT, startPreviewServer, type PreviewServer } from './previewServer';
import { stateViews } from './views';

// Page-side globals for the callbacks Playwright runs in the page (this compilation has no DOM lib).
declare const document: PageDocument;
declare function getComputedStyle(element: PageElement, pseudo?: string): { outlineStyle: string; outlineWidth: string; clipPath: string };

const OUT = join(REPO_ROOT, 'test-results', 'webview');

/** The comparison's overlay: one image over the other, a divider to drag or move with keys. */
describe('gallery webview: the compare overlay slider', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: PreviewServer;
  let page: Page;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startPreviewServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    assert.deepEqual(await cspViolations(page), [], 'no CSP violations');
    await page.close();
  });

  const dialog = () => page.getByRole('dialog');
  const slider = () => dialog().getByRole('slider');
  const valueNow = async () => Number(await slider().getAttribute('aria-valuenow'));

  async function openOverlay(theme: ThemeName = 'dark', resultIndex = 2): Promise<void> {
    page = await openGallery(browser, server, { theme, width: 1200, height: 800 });
    await init(page, stateViews(server.origin, Date.now()).done);
    await page.locator(`.card[data-index="${resultIndex}"] .card-preview`).click();
    await dialog().waitFor();
    await dialog().getByRole('button', { name: 'Overlay' }).click();
    await slider().waitFor();
  }

  it('switches from side by side to the overlay: a named slider at the middle, the source under the result', async () => {
    await openOverlay();
    assert.equal(await dialog().getByRole('button', { name: 'Overlay' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await dialog().getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await dialog().locator('.compare-panes').isVisible(), false, 'the side-by-side panes are hidden');
    assert.equal(await slider().getAttribute('aria-label'), 'Divider between Source and Variation 2');
    assert.equal(await valueNow(), 50);
    assert.deepEqual([await slider().getAttribute('aria-valuemin'), await slider().getAttribute('aria-valuemax')], ['0', '100']);
    assert.equal(await slider().getAttribute('aria-valuetext'), 'Source: 50% · Variation 2: 50%');
    assert.deepEqual(
      await dialog().locator('.overlay img').evaluateAll((imgs: { alt: string }[]) => imgs.map((img) => img.alt)),
      ['Source image harbour.png', 'Variation 2 of harbour.png'],
    );
    assert.match((await dialog().locator('.compare-hint').textContent()) ?? '', /Drag the divider/);

    await dialog().getByRole('button', { name: 'Side by side' }).click();
    assert.equal(await dialog().locator('.compare-panes').isVisible(), true);
    assert.equal(await dialog().locator('.overlay').isVisible(), false);
  });

  it('moves with the arrow keys, Page Up/Down and Home/End, and the arrows do not page to another variation', async () => {
    await openOverlay();
    await slider().focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await valueNow(), 55);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    assert.equal(await valueNow(), 45);
    await page.keyboard.press('Home');
    assert.equal(await valueNow(), 0);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await valueNow(), 0, 'stops at the end');
    await page.keyboard.press('End');
    assert.equal(await valueNow(), 100);
    await page.keyboard.press('PageDown');
    assert.equal(await valueNow(), 80);
    assert.equal(await dialog().locator('.compare-title').textContent(), 'Variation 2', 'still the same variation');
    const clip = await dialog().locator('.overlay-after').evaluate((node: PageElement) => getComputedStyle(node).clipPath);
    assert.match(clip, /inset\(0px 0px 0px 80%\)/, 'the result shows right of the divider only');
  });

  it('follows a drag across the picture', async () => {
    await openOverlay();
    const frame = await dialog().locator('.overlay-frame').boundingBox();
    assert.ok(frame);
    const y = frame.y + frame.height / 2;
    await page.mouse.move(frame.x + frame.width * 0.2, y);
    await page.mouse.down();
    assert.ok(Math.abs((await valueNow()) - 20) <= 1, `pressed at 20%, got ${await valueNow()}`);
    await page.mouse.move(frame.x + frame.width * 0.5, y, { steps: 4 });
    await page.mouse.move(frame.x + frame.width * 0.75, y, { steps: 4 });
    await page.mouse.up();
    assert.ok(Math.abs((await valueNow()) - 75) <= 1, `released at 75%, got ${await valueNow()}`);
    await page.mouse.move(frame.x + frame.width * 0.3, y);
    assert.ok(Math.abs((await valueNow()) - 75) <= 1, 'moving without a button pressed does not move it');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'slider', 'the drag leaves the focus on the divider');
  });

  it('shows its focus ring when reached with Tab', async () => {
    await openOverlay();
    const ringOff = await dialog().locator('.overlay-handle').evaluate((node: PageElement) => getComputedStyle(node).outlineStyle);
    assert.equal(ringOff, 'none', 'no ring while something else has the focus');
    for (let presses = 0; presses < 12; presses += 1) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('role'))) === 'slider') {
        break;
      }
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'slider', 'Tab reaches the divider');
    const ring = await dialog().locator('.overlay-handle').evaluate((node: PageElement) => {
      const style = getComputedStyle(node);
      return { style: style.outlineStyle, width: style.outlineWidth };
    });
    assert.equal(ring.style, 'solid');
    assert.ok(parseFloat(ring.width) >= 1, `a ring you can see: ${ring.width}`);
  });

  it('compares two results of the run, and falls back to the source when paged onto the one compared with', async () => {
    await openOverlay();
    const chooser = dialog().getByLabel('Compare with');
    assert.deepEqual(
      await chooser.locator('option').evaluateAll((options: { textContent: string | null }[]) => options.map((o) => o.textContent)),
      ['Source', 'Variation 1', 'Variation 3', 'Variation 4'],
    );
    await chooser.selectOption('res-1');
    await page.waitForFunction(() => document.querySelector('.overlay-tag-before')?.textContent === 'Variation 1');
    assert.equal(await slider().getAttribute('aria-label'), 'Divider between Variation 1 and Variation 2');
    const beforeSrc = await dialog().locator('.overlay img').first().getAttribute('src');
    assert.match(beforeSrc ?? '', /variation-1\.webp$/);

    await dialog().getByRole('button', { name: 'Previous variation' }).click();
    assert.equal(await dialog().locator('.compare-title').textContent(), 'Variation 1');
    assert.equal(await slider().getAttribute('aria-label'), 'Divider between Source and Variation 1');
    assert.equal(await chooser.inputValue(), 'source');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`is photographed in ${theme}`, async () => {
      await openOverlay(theme);
      await slider().focus();
      await page.keyboard.press('PageDown');
      assert.equal(await valueNow(), 30);
      await page.waitForFunction(() => Array.from(document.querySelectorAll<PageImage>('.overlay img[src]')).every((img) => img.complete));
      // The divider drawn where the slider says, before the picture is taken.
      const divider = await slider().boundingBox();
      const frame = await dialog().locator('.overlay-frame').boundingBox();
      assert.ok(divider && frame);
      assert.ok(Math.abs(divider.x + divider.width / 2 - (frame.x + frame.width * 0.3)) < 3, `the divider is drawn at 30%: ${JSON.stringify({ divider, frame })}`);
      await page.screenshot({ path: join(OUT, `compare-overlay-${theme}.png`) });
    });
  }
});
