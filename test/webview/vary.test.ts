import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { GalleryView } from '../../src/shared/protocol';
import type { PageDocument } from '../harness/pageDom';
import { clearPosted, cspViolations, init, launchChromium, openGallery, posted, send } from './browser';
import { startPreviewServer, type PreviewServer } from './previewServer';
import { stateViews } from './views';

declare const document: PageDocument;

/** The done view with a Vary offer on every result; `n` makes new tokens, as each new view does. */
function withVaryOffers(view: GalleryView, n: number): GalleryView {
  return {
    ...view,
    results: view.results.map((result) => ({
      ...result,
      vary: { label: 'Vary', title: `New variations of variation ${result.index}`, token: `varyToken-${n}-${result.id}-abcdef` },
    })),
  };
}

/** Vary on a result's card and in the comparison (issue 13): one request per offer. */
describe('gallery webview: Vary on a card and in the comparison', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: PreviewServer;
  let page: Page;

  before(async () => {
    server = await startPreviewServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    page = await openGallery(browser, server);
  });

  afterEach(async () => {
    assert.deepEqual(await cspViolations(page), [], 'no CSP violations');
    await page.close();
  });

  const varyRequests = async () => (await posted(page)).filter((m) => m.type === 'vary');
  const done = () => stateViews(server.origin, Date.now()).done;

  it('shows Vary only where the host offers it', async () => {
    await init(page, done());
    assert.equal(await page.locator('.card button[data-action="vary"]:visible').count(), 0);
    await send(page, { type: 'update', view: withVaryOffers(done(), 1) });
    await page.locator('.card button[data-action="vary"]').first().waitFor({ state: 'visible' });
    assert.equal(await page.locator('.card button[data-action="vary"]:visible').count(), done().results.length);
  });

  it('asks once for a double click on a card’s Vary, and again with the next view’s offer', async () => {
    await init(page, withVaryOffers(done(), 1));
    await clearPosted(page);
    const vary = page.locator('.card[data-index="2"] button[data-action="vary"]');
    await vary.dblclick();
    await vary.click({ force: true });
    assert.deepEqual(await varyRequests(), [{ type: 'vary', resultId: 'res-2', token: 'varyToken-1-res-2-abcdef' }]);
    assert.equal(await vary.getAttribute('aria-disabled'), 'true', 'waits for a new offer');
    await send(page, { type: 'update', view: withVaryOffers(done(), 2) });
    await page.waitForFunction(() => document.querySelector('.card[data-index="2"] button[data-action="vary"]')!.getAttribute('aria-disabled') === null);
    await vary.click();
    assert.deepEqual((await varyRequests()).map((m) => m.type === 'vary' && m.token), ['varyToken-1-res-2-abcdef', 'varyToken-2-res-2-abcdef']);
  });

  it('varies the result shown in the comparison, from its own Vary button', async () => {
    await init(page, withVaryOffers(done(), 1));
    await page.locator('.card[data-index="3"] .card-preview').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await clearPosted(page);
    const vary = dialog.locator('button[data-action="vary"]');
    await vary.waitFor({ state: 'visible' });
    await vary.dblclick();
    assert.deepEqual(await varyRequests(), [{ type: 'vary', resultId: 'res-3', token: 'varyToken-1-res-3-abcdef' }]);
    // Paging to another variation in the comparison varies that one.
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('dialog.compare button[data-action="vary"]')!.getAttribute('aria-disabled') === null);
    await vary.click();
    assert.deepEqual((await varyRequests()).at(-1), { type: 'vary', resultId: 'res-2', token: 'varyToken-1-res-2-abcdef' });
  });
});
