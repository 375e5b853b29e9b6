import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { PageDocument } from '../harness/pageDom';
import { clearPosted, cspViolations, init, launchChromium, openGallery, posted, send, waitForPosted } from './browser';
import { startPreviewServer, type PreviewServer } from './previewServer';
import { makeView, runOffers, stateViews } from './views';

declare const document: PageDocument;

/** Run Again, Reproduce, Copy Settings and Copy Seed under the gallery header. */
describe('gallery webview: run actions', function () {
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

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const paidRequests = async () => (await posted(page)).filter((m) => m.type === 'runAction');

  it('names the buttons in a labelled group, Reproduce saying which seed it keeps', async () => {
    await init(page, stateViews(server.origin, Date.now()).done);
    const group = page.getByRole('group', { name: 'Run actions' });
    for (const name of ['Run Again', 'Reproduce', 'Copy Settings', 'Copy Seed']) {
      assert.equal(await group.getByRole('button', { name, exact: true }).isVisible(), true, name);
    }
    assert.match((await button('Reproduce').getAttribute('title')) ?? '', /same seed \(42\)/);
    assert.match((await button('Copy Settings').getAttribute('title')) ?? '', /options JSON/);
  });

  it('shows Run Again and Reproduce only when offered, the copies always', async () => {
    await init(page, stateViews(server.origin, Date.now()).generating);
    assert.equal(await button('Run Again').count(), 0);
    assert.equal(await button('Reproduce').count(), 0);
    assert.equal(await button('Copy Settings').isVisible(), true);
    assert.equal(await button('Copy Seed').isVisible(), true);
  });

  it('sends an offer’s token once: a double click asks for one run, the next view’s offer for another', async () => {
    const view = stateViews(server.origin, Date.now()).done;
    await init(page, view);
    await clearPosted(page);
    await button('Run Again').dblclick();
    await waitForPosted(page, { type: 'runAction', action: 'runAgain', token: 'runAgainToken-1-abcdef' });
    // Forced: Playwright will not click an aria-disabled button, a user's mouse will.
    await button('Run Again').click({ force: true });
    assert.deepEqual(await paidRequests(), [{ type: 'runAction', action: 'runAgain', token: 'runAgainToken-1-abcdef' }]);
    assert.equal(await button('Run Again').getAttribute('aria-disabled'), 'true', 'waits for a new offer');
    assert.equal(await button('Reproduce').getAttribute('aria-disabled'), null, 'the other offer still stands');

    // The same offer again (an update that crossed the click) leaves it used.
    await send(page, { type: 'update', view });
    await button('Run Again').click({ force: true });
    assert.equal((await paidRequests()).length, 1);

    await send(page, { type: 'update', view: { ...view, offers: runOffers(2) } });
    await page.waitForFunction(() => document.querySelector('[data-action="runAgain"]')!.getAttribute('aria-disabled') === null);
    await button('Run Again').click();
    await waitForPosted(page, { type: 'runAction', action: 'runAgain', token: 'runAgainToken-2-abcdef' });
    assert.equal((await paidRequests()).length, 2);
  });

  it('works from the keyboard: Enter on Reproduce asks once, Space on Copy Seed and Copy Settings ask the host to copy', async () => {
    await init(page, stateViews(server.origin, Date.now()).failed);
    await clearPosted(page);
    await button('Reproduce').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitForPosted(page, { type: 'runAction', action: 'retryRun', token: 'reproduceToken-1-abcdef' });
    assert.equal((await paidRequests()).length, 1, 'Enter twice, one request');
    assert.equal(await page.evaluate(() => document.activeElement!.getAttribute('aria-label')), 'Reproduce', 'focus stays on the button');

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement!.getAttribute('aria-label')), 'Copy Settings');
    await page.keyboard.press('Space');
    await waitForPosted(page, { type: 'copySettings' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await waitForPosted(page, { type: 'copySeed' });
  });

  it('keeps a view without offers from any older host working', async () => {
    await init(page, makeView(server.origin, { kind: 'done', withheld: 0 }));
    assert.equal(await button('Run Again').count(), 0);
    await button('Copy Seed').click();
    await waitForPosted(page, { type: 'copySeed' });
  });
});
