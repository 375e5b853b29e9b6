import * as assert from 'node:assert/strict';
import type { GalleryView } from '../../src/shared/protocol';
import type { PageDocument } from '../harness/pageDom';
import { clearPosted, init, posted, send } from './browser';
import { useGalleryPage } from './galleryPage';
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
  const gallery = useGalleryPage();

  const varyRequests = async () => (await posted(gallery.page)).filter((m) => m.type === 'vary');
  const done = () => stateViews(gallery.origin, Date.now()).done;

  it('shows Vary only where the host offers it', async () => {
    await init(gallery.page, done());
    assert.equal(await gallery.page.locator('.card button[data-action="vary"]:visible').count(), 0);
    await send(gallery.page, { type: 'update', view: withVaryOffers(done(), 1) });
    await gallery.page.locator('.card button[data-action="vary"]').first().waitFor({ state: 'visible' });
    assert.equal(await gallery.page.locator('.card button[data-action="vary"]:visible').count(), done().results.length);
  });

  it('asks once for a double click on a card’s Vary, and again with the next view’s offer', async () => {
    await init(gallery.page, withVaryOffers(done(), 1));
    await clearPosted(gallery.page);
    const vary = gallery.page.locator('.card[data-index="2"] button[data-action="vary"]');
    await vary.dblclick();
    await vary.click({ force: true });
    assert.deepEqual(await varyRequests(), [{ type: 'vary', resultId: 'res-2', token: 'varyToken-1-res-2-abcdef' }]);
    assert.equal(await vary.getAttribute('aria-disabled'), 'true', 'waits for a new offer');
    await send(gallery.page, { type: 'update', view: withVaryOffers(done(), 2) });
    await gallery.page.waitForFunction(() => document.querySelector('.card[data-index="2"] button[data-action="vary"]')!.getAttribute('aria-disabled') === null);
    await vary.click();
    assert.deepEqual((await varyRequests()).map((m) => m.type === 'vary' && m.token), ['varyToken-1-res-2-abcdef', 'varyToken-2-res-2-abcdef']);
  });

  it('varies the result shown in the comparison, from its own Vary button', async () => {
    await init(gallery.page, withVaryOffers(done(), 1));
    await gallery.page.locator('.card[data-index="3"] .card-preview').click();
    const dialog = gallery.page.getByRole('dialog');
    await dialog.waitFor();
    await clearPosted(gallery.page);
    const vary = dialog.locator('button[data-action="vary"]');
    await vary.waitFor({ state: 'visible' });
    await vary.dblclick();
    assert.deepEqual(await varyRequests(), [{ type: 'vary', resultId: 'res-3', token: 'varyToken-1-res-3-abcdef' }]);
    // Paging to another variation in the comparison varies that one.
    await gallery.page.keyboard.press('ArrowLeft');
    await gallery.page.waitForFunction(() => document.querySelector('dialog.compare button[data-action="vary"]')!.getAttribute('aria-disabled') === null);
    await vary.click();
    assert.deepEqual((await varyRequests()).at(-1), { type: 'vary', resultId: 'res-2', token: 'varyToken-1-res-2-abcdef' });
  });
});
