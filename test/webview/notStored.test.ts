import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { PageDocument, PageImage } from '../harness/pageDom';
import { clearPosted, init, posted, send, type PreviewWindow } from './browser';
import { useGalleryPage } from './galleryPage';
import { REPO_ROOT } from './previewServer';
import { makeView, readyResult } from './views';

declare const document: PageDocument;
declare const window: PreviewWindow;

/**
 * A result global storage refused (a full disk) lives only in the host's memory: no webview URI
 * names it, so its card used to show a broken image. The host now sends its bytes once and the
 * card shows them from a blob: URL, saying in words that it is not stored.
 */
describe('gallery webview: a result kept only in memory', function () {
  this.timeout(60_000);
  const gallery = useGalleryPage('no CSP violations: blob: images are allowed, nothing more');
  const fixture = readFileSync(join(REPO_ROOT, 'test', 'webview', 'fixtures', 'variation-3.png'));

  /** Done, two results: res-1 stored as usual, res-2 refused by storage (no src, as the host sends it). */
  function heldView(extra: { savedTo?: string } = {}) {
    return makeView(gallery.origin, { kind: 'done', withheld: 0 }, {
      requested: 2,
      results: [
        readyResult(gallery.origin, 1),
        { ...readyResult(gallery.origin, 2, { format: 'png', bytes: fixture.byteLength, width: 64, height: 48, ...extra }), src: undefined, notStored: true },
      ],
    });
  }

  /** Sends the held bytes as the host does; built in the gallery.page so they arrive as a Uint8Array. */
  async function sendHeldBytes(resultId: string): Promise<void> {
    await gallery.page.evaluate(
      ({ id, bytes }) => window.__hostSend({ type: 'heldImage', resultId: id, format: 'png', bytes: new Uint8Array(bytes) }),
      { id: resultId, bytes: [...fixture] },
    );
  }

  const notStoredLine = (index: number) => gallery.page.locator(`.card[data-index="${index}"] [data-testid="not-stored"]`);

  it('shows the image from the bytes the host sent and says it is not stored and to save it', async () => {
    await init(gallery.page, heldView());
    await assertVisibleText(notStoredLine(2), /^Not stored: .* lives only in this window until it closes\. Save it to keep it\.$/);
    assert.equal(await notStoredLine(1).isVisible(), false, 'a stored result says nothing of the kind');
    assert.equal(await gallery.page.locator('.card[data-index="2"] img').count(), 0, 'no image before its bytes: nothing broken');

    await sendHeldBytes('res-2');
    const src = await gallery.page.waitForFunction(() => {
      const image = document.querySelector<PageImage>('.card[data-index="2"] img.card-image');
      return image && image.complete && image.naturalWidth > 0 ? image.getAttribute('src') : undefined;
    });
    assert.match(String(await src.jsonValue()), /^blob:/);
    assert.equal(await gallery.page.locator('.card[data-index="2"]').getByRole('img', { name: 'Variation 2 of harbour.png' }).isVisible(), true);
    await assertVisibleText(notStoredLine(2), /Save it to keep it/);

    await clearPosted(gallery.page);
    await gallery.page.locator('.card[data-index="2"] [data-action="save"]').click();
    await gallery.page.locator('.card[data-index="2"] [data-action="saveAs"]').click();
    assert.deepEqual(
      (await posted(gallery.page)).filter((m) => m.type === 'save' || m.type === 'saveAs'),
      [{ type: 'save', resultId: 'res-2' }, { type: 'saveAs', resultId: 'res-2' }],
      'Save and Save As… name the result; the host writes it from memory',
    );
  });

  it('keeps the image across updates and stops warning once the result is saved', async () => {
    await init(gallery.page, heldView());
    await sendHeldBytes('res-2');
    await gallery.page.waitForFunction(() => document.querySelector('.card[data-index="2"] img.card-image') !== null);
    const first = await gallery.page.locator('.card[data-index="2"] img.card-image').getAttribute('src');

    await send(gallery.page, { type: 'update', view: heldView({ savedTo: 'pics/variations/harbour-variation-2.png' }) });
    await gallery.page.waitForFunction(() => document.querySelector('.card[data-index="2"] .card-saved-name') !== null);
    assert.equal(await gallery.page.locator('.card[data-index="2"] img.card-image').getAttribute('src'), first, 'the same blob: URL, no reload');
    assert.equal(await notStoredLine(2).isVisible(), false, 'saved: the user has the file');
  });

  it('keeps no blob: URL in the saved state: it would die with the document', async () => {
    await init(gallery.page, heldView());
    await sendHeldBytes('res-2');
    await gallery.page.waitForFunction(() => document.querySelector('.card[data-index="2"] img.card-image') !== null);
    const saved = JSON.stringify(await gallery.page.evaluate(() => window.__savedState));
    assert.doesNotMatch(saved, /blob:/);
    assert.match(saved, /"notStored":true/);
  });

  it('ignores held bytes of an unknown format, of no result id, or not bytes at all', async () => {
    await init(gallery.page, heldView());
    await gallery.page.evaluate(() => {
      window.__hostSend({ type: 'heldImage', resultId: 'res-2', format: 'svg', bytes: new Uint8Array([60, 115, 118, 103]) });
      window.__hostSend({ type: 'heldImage', resultId: '../res-2', format: 'png', bytes: new Uint8Array([1]) });
      window.__hostSend({ type: 'heldImage', resultId: 'res-2', format: 'png', bytes: 'data:image/png;base64,AAAA' });
    });
    // A message the gallery does handle, sent after: once it shows, the ones before were handled too.
    await send(gallery.page, { type: 'update', view: heldView({ savedTo: 'pics/after.png' }) });
    await gallery.page.waitForFunction(() => document.querySelector('.card[data-index="2"] .card-saved-name') !== null);
    assert.equal(await gallery.page.locator('.card[data-index="2"] img').count(), 0);
  });
});

async function assertVisibleText(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  assert.match((await locator.textContent()) ?? '', pattern);
}
