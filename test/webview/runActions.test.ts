import * as assert from 'node:assert/strict';
import type { PageDocument } from '../harness/pageDom';
import { clearPosted, init, posted, send, waitForPosted } from './browser';
import { useGalleryPage } from './galleryPage';
import { makeView, runOffers, stateViews } from './views';

declare const document: PageDocument;

/** Run Again, Reproduce, Copy Settings and Copy Seed under the gallery header. */
describe('gallery webview: run actions', function () {
  this.timeout(60_000);
  const gallery = useGalleryPage();

  const button = (name: string) => gallery.page.getByRole('button', { name, exact: true });
  const paidRequests = async () => (await posted(gallery.page)).filter((m) => m.type === 'runAction');

  it('names the buttons in a labelled group, Reproduce saying which seed it keeps', async () => {
    await init(gallery.page, stateViews(gallery.origin, Date.now()).done);
    const group = gallery.page.getByRole('group', { name: 'Run actions' });
    for (const name of ['Run Again', 'Reproduce', 'Copy Settings', 'Copy Seed']) {
      assert.equal(await group.getByRole('button', { name, exact: true }).isVisible(), true, name);
    }
    assert.match((await button('Reproduce').getAttribute('title')) ?? '', /same seed \(42\)/);
    assert.match((await button('Copy Settings').getAttribute('title')) ?? '', /options JSON/);
  });

  it('shows Run Again and Reproduce only when offered, the copies always', async () => {
    await init(gallery.page, stateViews(gallery.origin, Date.now()).generating);
    assert.equal(await button('Run Again').count(), 0);
    assert.equal(await button('Reproduce').count(), 0);
    assert.equal(await button('Copy Settings').isVisible(), true);
    assert.equal(await button('Copy Seed').isVisible(), true);
  });

  it('sends an offer’s token once: a double click asks for one run, the next view’s offer for another', async () => {
    const view = stateViews(gallery.origin, Date.now()).done;
    await init(gallery.page, view);
    await clearPosted(gallery.page);
    await button('Run Again').dblclick();
    await waitForPosted(gallery.page, { type: 'runAction', action: 'runAgain', token: 'runAgainToken-1-abcdef' });
    // Forced: Playwright will not click an aria-disabled button, a user's mouse will.
    await button('Run Again').click({ force: true });
    assert.deepEqual(await paidRequests(), [{ type: 'runAction', action: 'runAgain', token: 'runAgainToken-1-abcdef' }]);
    assert.equal(await button('Run Again').getAttribute('aria-disabled'), 'true', 'waits for a new offer');
    assert.equal(await button('Reproduce').getAttribute('aria-disabled'), null, 'the other offer still stands');

    // The same offer again (an update that crossed the click) leaves it used.
    await send(gallery.page, { type: 'update', view });
    await button('Run Again').click({ force: true });
    assert.equal((await paidRequests()).length, 1);

    await send(gallery.page, { type: 'update', view: { ...view, offers: runOffers(2) } });
    await gallery.page.waitForFunction(() => document.querySelector('[data-action="runAgain"]')!.getAttribute('aria-disabled') === null);
    await button('Run Again').click();
    await waitForPosted(gallery.page, { type: 'runAction', action: 'runAgain', token: 'runAgainToken-2-abcdef' });
    assert.equal((await paidRequests()).length, 2);
  });

  it('works from the keyboard: Enter on Reproduce asks once, Space on Copy Seed and Copy Settings ask the host to copy', async () => {
    await init(gallery.page, stateViews(gallery.origin, Date.now()).failed);
    await clearPosted(gallery.page);
    await button('Reproduce').focus();
    await gallery.page.keyboard.press('Enter');
    await gallery.page.keyboard.press('Enter');
    await waitForPosted(gallery.page, { type: 'runAction', action: 'retryRun', token: 'reproduceToken-1-abcdef' });
    assert.equal((await paidRequests()).length, 1, 'Enter twice, one request');
    assert.equal(await gallery.page.evaluate(() => document.activeElement!.getAttribute('aria-label')), 'Reproduce', 'focus stays on the button');

    await gallery.page.keyboard.press('Tab');
    assert.equal(await gallery.page.evaluate(() => document.activeElement!.getAttribute('aria-label')), 'Copy Settings');
    await gallery.page.keyboard.press('Space');
    await waitForPosted(gallery.page, { type: 'copySettings' });
    await gallery.page.keyboard.press('Tab');
    await gallery.page.keyboard.press('Space');
    await waitForPosted(gallery.page, { type: 'copySeed' });
  });

  it('keeps a view without offers from any older host working', async () => {
    await init(gallery.page, makeView(gallery.origin, { kind: 'done', withheld: 0 }));
    assert.equal(await button('Run Again').count(), 0);
    await button('Copy Seed').click();
    await waitForPosted(gallery.page, { type: 'copySeed' });
  });
});
