import * as assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import type { HostMessage } from '../../src/shared/protocol';
import type { PageDocument, PageElement, PageImage } from '../harness/pageDom';
import { clearPosted, cspViolations, init, launchChromium, openGallery, posted, send, waitForPosted, type PreviewWindow } from './browser';
import { startPreviewServer, type PreviewServer } from './previewServer';
import { makeView, pendingResult, readyResult, stateViews, STRINGS } from './views';

// Page-side globals for the callbacks Playwright runs in the page (this compilation has no DOM lib).
declare const document: PageDocument;
declare const window: PreviewWindow;
/** An element carrying a mark set from the test, to tell whether the gallery kept or replaced it. */
type MarkedElement = PageElement & { __marker?: string };

/** The gallery in a real Chromium, fed by a fake host, checked the way a user meets it. */
describe('gallery webview in Chromium', function () {
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

  const status = () => page.locator('[data-testid="status"]');
  const live = () => page.locator('[data-testid="live"]');
  const card = (index: number) => page.locator(`.card[data-index="${index}"]`);

  describe('run states in words', () => {
    it('queued', async () => {
      await init(page, stateViews(server.origin, Date.now()).queued);
      await assertText(status(), /Queued \(position 2\)/);
      assert.equal(await page.getByRole('button', { name: 'Cancel' }).isVisible(), true);
    });

    it('uploading with its percentage', async () => {
      await init(page, stateViews(server.origin, Date.now()).uploading);
      await assertText(status(), /Uploading the source… 42%/);
    });

    it('generating with elapsed time that ticks, and no invented estimate', async () => {
      await init(page, stateViews(server.origin, Date.now()).generating);
      await assertText(status(), /Generating… 1 min 1\d s elapsed/);
      assert.doesNotMatch((await status().textContent()) ?? '', /usually|longer than usual/);
      const first = await page.locator('.status-headline').textContent();
      await page.waitForFunction(
        (before: string | null) => document.querySelector('.status-headline')!.textContent !== before,
        first,
        { timeout: 5_000 },
      );
    });

    it('downloading k of n, with the ready result shown and the rest held', async () => {
      await init(page, stateViews(server.origin, Date.now()).downloading);
      await assertText(status(), /Downloading 1 of 3…/);
      assert.equal(await page.locator('.card[data-kind="ready"]').count(), 1);
      assert.equal(await page.locator('.card[data-kind="waiting"]').count(), 2);
    });

    it('done', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      await assertText(status(), /Done: 4 variations\./);
      assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0, 'nothing to cancel once done');
      await assertText(page.locator('.source-meta'), /^Account: 363,000 of 100,000,000 credits used · This run: about 30,000 credits · Record /);
    });

    it('partial, naming what the provider withheld', async () => {
      await init(page, stateViews(server.origin, Date.now()).partial);
      await assertText(status(), /2 of 3 came back; 1 was withheld by the provider\./);
      assert.equal(await page.locator('.card[data-kind="withheld"]').count(), 1);
      await assertText(page.locator('.card[data-kind="withheld"]'), /Withheld by the provider/);
      // This run's cost could not be told: the account's figure alone, and no guess.
      await assertText(page.locator('.source-meta'), /^Account: 363,000 of 100,000,000 credits used$/);
    });

    it('failed: the message, the credit note and action buttons that post runAction', async () => {
      await init(page, stateViews(server.origin, Date.now()).failed);
      await assertText(status(), /The run failed/);
      await assertText(status(), /API Key has been deleted/);
      await assertText(status(), /No credits were spent\./);
      await page.getByRole('button', { name: 'Set API Key…' }).click();
      await waitForPosted(page, { type: 'runAction', action: 'setApiKey' });
      await page.getByRole('button', { name: 'Show Log' }).click();
      await waitForPosted(page, { type: 'runAction', action: 'showLog' });
    });

    it('cancelled, saying credits may have been spent', async () => {
      await init(page, stateViews(server.origin, Date.now()).cancelled);
      await assertText(status(), /Cancelled\./);
      await assertText(status(), /Credits may have been spent/);
    });

    it('interrupted', async () => {
      await init(page, stateViews(server.origin, Date.now()).interrupted);
      await assertText(status(), /Interrupted/);
      await assertText(status(), /No credits were spent\./);
    });

    it('shows the emulator notice only when the view has one', async () => {
      const views = stateViews(server.origin, Date.now());
      await init(page, views.emulator);
      const notice = page.locator('[data-testid="emulator-notice"]');
      assert.equal(await notice.isVisible(), true);
      await assertText(notice, /Local emulator/);
      await send(page, { type: 'update', view: views.done });
      await notice.waitFor({ state: 'hidden' });
    });
  });

  describe('placeholders', () => {
    it('hold one cell per requested output while waiting', async () => {
      const view = makeView(server.origin, { kind: 'generating', startedAt: Date.now(), typicalSeconds: 30 }, { requested: 4, results: [] });
      await init(page, view);
      assert.equal(await page.locator('.card[data-kind="waiting"]').count(), 4);
    });

    it('keep the card\'s size when the result arrives', async () => {
      const waiting = makeView(server.origin, { kind: 'downloading', done: 0, total: 2 }, {
        requested: 2,
        results: [pendingResult(1), pendingResult(2)],
      });
      await init(page, waiting);
      const before = await card(1).boundingBox();
      await send(page, { type: 'update', view: { ...waiting, results: [readyResult(server.origin, 1, { id: 'r1' }), pendingResult(2)] } });
      await page.locator('.card[data-index="1"] img').waitFor();
      const after = await card(1).boundingBox();
      assert.deepEqual(after, before);
    });
  });

  describe('result cards', () => {
    it('give each image its alt text and each button its name, posting the result id', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      assert.equal(await card(2).locator('img').getAttribute('alt'), 'Variation 2 of harbour.png');
      await clearPosted(page);
      await card(2).getByRole('button', { name: 'Save', exact: true }).click();
      await card(2).getByRole('button', { name: 'Save As…' }).click();
      await card(3).getByRole('button', { name: 'Open' }).click();
      await waitForPosted(page, { type: 'open' });
      assert.deepEqual(await posted(page), [
        { type: 'save', resultId: 'res-2' },
        { type: 'saveAs', resultId: 'res-2' },
        { type: 'open', resultId: 'res-3' },
      ]);
    });

    it('caption reads size, format and bytes', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      await assertText(card(1).locator('.card-caption'), /^1344 × 1008 · WebP · 412 KB$/);
    });

    it('show a saved result as saved, and where', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      const saved = card(1).getByRole('button', { name: 'Saved' });
      assert.equal(await saved.getAttribute('title'), 'Saved to images/variations/harbour-variation-1.webp');
    });

    it('show the name each was saved as; a click on it posts revealSaved', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      const link = card(1).getByRole('button', { name: 'Show harbour-variation-1.webp', exact: true });
      await assertText(link, 'harbour-variation-1.webp');
      assert.equal(await link.getAttribute('title'), 'Saved to images/variations/harbour-variation-1.webp. Click to show the file.');
      assert.equal(await card(2).locator('.card-saved').isVisible(), false, 'an unsaved card names no file');
      await clearPosted(page);
      await link.click();
      await waitForPosted(page, { type: 'revealSaved', resultId: 'res-1' });
    });

    it('at narrow widths every icon-only button has a tooltip, a name and an icon that says what it does', async () => {
      await page.setViewportSize({ width: 420, height: 820 });
      const done = stateViews(server.origin, Date.now()).done;
      const vary = { label: 'Vary', title: 'A new run from variation 2, its settings pre-selected', token: 'tok_ABCDEFGHIJKLMNOP' };
      await init(page, { ...done, results: done.results.map((r) => (r.index === 2 ? { ...r, vary } : r)) });
      const buttons = card(2).locator('.card-actions button:not([hidden])');
      const seen = await buttons.evaluateAll((nodes: PageElement[]) => nodes.map((b) => ({
        title: b.getAttribute('title'),
        name: b.getAttribute('aria-label'),
        icon: b.querySelector('.codicon')!.getAttribute('class'),
      })));
      for (let i = 0; i < seen.length; i++) {
        const box = await buttons.nth(i).locator('.button-label').boundingBox();
        assert.ok(!box || box.width <= 1, `the words of ${seen[i].name} are hidden at this width`);
      }
      assert.deepEqual(seen, [
        { title: 'Save', name: 'Save', icon: 'codicon codicon-save' },
        { title: 'Save As…', name: 'Save As…', icon: 'codicon codicon-save-as' },
        { title: 'Open', name: 'Open', icon: 'codicon codicon-link-external' },
        // Vary's tooltip says more than its name: what the run will be.
        { title: vary.title, name: 'Vary', icon: 'codicon codicon-sparkle' },
        { title: 'Mark variation 2 a favourite', name: 'Mark variation 2 a favourite', icon: 'codicon codicon-star-empty' },
      ]);
    });

    it('Save all posts saveAll', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      await page.getByRole('button', { name: 'Save all' }).click();
      await waitForPosted(page, { type: 'saveAll' });
    });

    it('Save all says "All saved" and does nothing once everything is saved, until a new result arrives', async () => {
      const views = stateViews(server.origin, Date.now());
      const downloading = views.downloading;
      const saved = { ...downloading, results: downloading.results.map((r) => (r.status === 'ready' ? { ...r, savedTo: `out/${r.id}.webp` } : r)) };
      await init(page, saved);
      const allSaved = page.getByRole('button', { name: 'All saved' });
      assert.equal(await allSaved.getAttribute('aria-disabled'), 'true');
      await clearPosted(page);
      await allSaved.click({ force: true }); // as a user can: it is aria-disabled, not disabled
      await allSaved.focus();
      assert.equal(await page.evaluate(() => document.activeElement!.getAttribute('aria-label')), 'All saved', 'it keeps the focus');
      await send(page, { type: 'update', view: { ...saved, results: [saved.results[0], readyResult(server.origin, 2), pendingResult(3)] } });
      const saveAll = page.getByRole('button', { name: 'Save all' });
      await saveAll.waitFor();
      assert.equal(await saveAll.getAttribute('aria-disabled'), null);
      assert.deepEqual((await posted(page)).filter((m) => m.type === 'saveAll'), [], 'All saved posted nothing');
      await saveAll.click();
      await waitForPosted(page, { type: 'saveAll' });
    });

    it('Cancel posts cancel', async () => {
      await init(page, stateViews(server.origin, Date.now()).generating);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await waitForPosted(page, { type: 'cancel' });
    });

    it('a failed download offers Retry download for that result', async () => {
      await init(page, stateViews(server.origin, Date.now()).downloadFailed);
      await assertText(card(2), /HTTP 403/);
      await card(2).getByRole('button', { name: 'Retry download' }).click();
      await waitForPosted(page, { type: 'retryDownload', resultId: 'res-2' });
    });

    it('keep the same <img> when an update does not change the result', async () => {
      const view = stateViews(server.origin, Date.now()).done;
      await init(page, view);
      await page.evaluate(() => {
        document.querySelector<MarkedElement>('.card[data-index="2"] img')!.__marker = 'kept';
      });
      const saved = { ...view, results: view.results.map((r) => (r.index === 3 ? { ...r, savedTo: 'out/3.png' } : r)) };
      await send(page, { type: 'update', view: saved });
      await card(3).getByRole('button', { name: 'Saved' }).waitFor();
      assert.equal(await page.evaluate(() => document.querySelector<MarkedElement>('.card[data-index="2"] img')!.__marker), 'kept');
    });

    it('render an untrusted file name as text', async () => {
      const name = '<img src=x onerror="window.__pwned=1">.png';
      await init(page, makeView(server.origin, { kind: 'done', withheld: 0 }, {
        sourceName: name,
        requested: 1,
        results: [readyResult(server.origin, 1)],
      }));
      await assertText(page.locator('.source-name'), name);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await card(1).locator('img').getAttribute('alt'), `Variation 1 of ${name}`);
    });
  });

  describe('keyboard', () => {
    it('Tab reaches the cards\' buttons', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      const names: string[] = [];
      // The header's run actions, then each card: picture, saved name, Save, Save As…, Open, Vary, star.
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        names.push(await page.evaluate(() => {
          const active = document.activeElement!;
          const cardEl = active.closest('.card');
          return `${cardEl ? cardEl.dataset.index : '-'}:${active.getAttribute('aria-label') ?? active.textContent}`;
        }));
      }
      assert.ok(names.includes('1:Saved'), names.join(' | '));
      assert.ok(names.includes('1:Save As…'), names.join(' | '));
      assert.ok(names.includes('1:Open'), names.join(' | '));
      assert.ok(names.includes('2:Save'), names.join(' | '));
    });

    it('arrow keys move between cards, keeping the same control', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await init(page, stateViews(server.origin, Date.now()).done);
      await card(1).locator('.card-preview').focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await focusedCardIndex(page), '2');
      await page.keyboard.press('End');
      assert.equal(await focusedCardIndex(page), '4');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await focusedCardIndex(page), '3');
      await card(3).getByRole('button', { name: 'Open' }).focus();
      await page.keyboard.press('ArrowLeft');
      assert.equal(await focusedCardIndex(page), '2');
      assert.equal(await page.evaluate(() => document.activeElement!.getAttribute('aria-label')), 'Open');
    });

    it('ArrowDown moves by a whole row', async () => {
      await page.setViewportSize({ width: 800, height: 900 });
      await init(page, stateViews(server.origin, Date.now()).done);
      await card(1).locator('.card-preview').focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusedCardIndex(page), '3', 'two columns at this width');
      await page.keyboard.press('ArrowUp');
      assert.equal(await focusedCardIndex(page), '1');
    });

    it('Enter opens the comparison, arrows page through it, Escape closes it and returns focus', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      const preview = card(2).locator('.card-preview');
      await preview.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      assert.equal(await dialog.locator('.compare-title').textContent(), 'Variation 2');
      assert.deepEqual(
        await dialog.locator('img').evaluateAll((imgs: { alt: string }[]) => imgs.map((img) => img.alt)),
        ['Source image harbour.png', 'Variation 2 of harbour.png'],
      );
      await page.keyboard.press('ArrowRight');
      assert.equal(await dialog.locator('.compare-title').textContent(), 'Variation 3');
      await clearPosted(page);
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await waitForPosted(page, { type: 'save', resultId: 'res-3' });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await focusedCardIndex(page), '2');
    });

    it('a click on the image opens the comparison too', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      await card(1).locator('img').click();
      await page.getByRole('dialog').waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    });

    it('focusResult from the host focuses that card', async () => {
      await init(page, stateViews(server.origin, Date.now()).done);
      await send(page, { type: 'focusResult', resultId: 'res-3' });
      await page.waitForFunction(() => document.activeElement?.closest('.card')?.dataset.index === '3');
    });
  });

  describe('painted and live region', () => {
    it('posts painted once the ready images have decoded, and again when more arrive', async () => {
      const downloading = stateViews(server.origin, Date.now()).downloading;
      await init(page, downloading, STRINGS, { reportPainted: true });
      const first = await waitForPosted(page, { type: 'painted', resultIds: ['res-1'] });
      assert.ok(first.type === 'painted' && Math.abs(first.at - Date.now()) < 60_000);
      await send(page, {
        type: 'update',
        view: {
          ...downloading,
          state: { kind: 'done', withheld: 0 },
          results: [readyResult(server.origin, 1), readyResult(server.origin, 2), readyResult(server.origin, 3)],
        },
      });
      await waitForPosted(page, { type: 'painted', resultIds: ['res-1', 'res-2', 'res-3'] });
      const decoded = await page.evaluate(() =>
        Array.from(document.querySelectorAll<PageImage>('.card img')).every(
          (img) => img.complete && img.naturalWidth > 0,
        ),
      );
      assert.equal(decoded, true);
    });

    it('does not post painted again for the same set', async () => {
      const done = stateViews(server.origin, Date.now()).done;
      await init(page, done, STRINGS, { reportPainted: true });
      await waitForPosted(page, { type: 'painted', resultIds: ['res-1', 'res-2', 'res-3', 'res-4'] });
      const paintedCount = async () => (await posted(page)).filter((m) => m.type === 'painted').length;
      const before = await paintedCount();
      await send(page, { type: 'update', view: { ...done, recordId: 'changed' } });
      await assertText(page.locator('.source-meta'), /Record changed/);
      // The same images stay in place, so there is nothing new to decode or report.
      await page.evaluate(() =>
        Promise.all(Array.from(document.querySelectorAll<PageImage>('.card img')).map((img) => img.decode())),
      );
      assert.equal(await paintedCount(), before);
    });

    it('posts no painted when the host did not ask for it, as in the product', async () => {
      const done = stateViews(server.origin, Date.now()).done;
      await init(page, done);
      await page.evaluate(() =>
        Promise.all(Array.from(document.querySelectorAll<PageImage>('.card img')).map((img) => img.decode())),
      );
      await send(page, { type: 'update', view: { ...done, recordId: 'changed' } });
      await assertText(page.locator('.source-meta'), /Record changed/);
      assert.deepEqual((await posted(page)).filter((m) => m.type === 'painted'), []);
    });

    it('reports the images of a restored panel once the host asks for painted', async () => {
      const view = stateViews(server.origin, Date.now()).done;
      const restored = await openGallery(browser, server, { initialState: { strings: STRINGS, view } });
      try {
        await assertText(restored.locator('[data-testid="status"]'), /Done: 4 variations\./);
        await init(restored, view, STRINGS, { reportPainted: true });
        await waitForPosted(restored, { type: 'painted', resultIds: ['res-1', 'res-2', 'res-3', 'res-4'] });
      } finally {
        await restored.close();
      }
    });

    it('announces state changes politely', async () => {
      const views = stateViews(server.origin, Date.now());
      assert.equal(await live().getAttribute('aria-live'), 'polite');
      await init(page, views.uploading);
      await assertText(live(), /Uploading the source… 25%/);
      await send(page, { type: 'update', view: views.downloading });
      await assertText(live(), /Downloading 1 of 3…/);
      await send(page, { type: 'update', view: views.partial });
      await assertText(live(), /2 of 3 came back/);
    });
  });

  describe('state kept by VS Code', () => {
    it('saves the last view and strings with setState', async () => {
      const view = stateViews(server.origin, Date.now()).done;
      await init(page, view);
      const saved = await page.evaluate(() => window.__savedState);
      assert.deepEqual(saved, JSON.parse(JSON.stringify({ strings: STRINGS, view })));
    });

    it('paints the saved state at once when the panel is shown again, before the host answers', async () => {
      const view = stateViews(server.origin, Date.now()).partial;
      const restored = await openGallery(browser, server, { initialState: { strings: STRINGS, view } });
      try {
        await assertText(restored.locator('[data-testid="status"]'), /2 of 3 came back/);
        // Nothing but `ready` (and painted reports) went to the host: the view came from getState.
        assert.deepEqual((await posted(restored)).filter((m) => m.type !== 'painted'), [{ type: 'ready' }]);
      } finally {
        await restored.close();
      }
    });
  });

  describe('the first view in the page', () => {
    /** A page that carries its first view, as the host renders it; nobody answers `ready`. */
    async function openWithFirstView(firstView: HostMessage, initialState?: unknown): Promise<Page> {
      return openGallery(browser, server, { firstView, initialState });
    }

    it('paints the source, its settings and the placeholders from the page alone, with no answer from the host', async () => {
      const view = stateViews(server.origin, Date.now()).queued;
      const alone = await openWithFirstView({ type: 'init', strings: STRINGS, view: { ...view, requested: 4, results: [1, 2, 3, 4].map(pendingResult) } });
      try {
        await assertText(alone.locator('.source-name'), 'harbour.png');
        assert.equal(await alone.locator('.chips .chip').count(), view.chips.length);
        await assertText(alone.locator('[data-testid="status"]'), /Queued \(position 2\)/);
        assert.equal(await alone.locator('.card[data-kind="waiting"]').count(), 4);
        const thumbnail = await alone.evaluate(async () => {
          const img = document.querySelector<PageImage>('img.source-thumb')!;
          await img.decode();
          return { src: img.getAttribute('src'), width: img.naturalWidth };
        });
        assert.equal(thumbnail.src, view.sourceSrc);
        assert.ok(thumbnail.width > 0, 'the thumbnail decoded');
        // Only `ready` went out, and nothing came in: the page painted itself.
        assert.deepEqual(await posted(alone), [{ type: 'ready' }]);
        assert.deepEqual(await alone.evaluate(() => window.__savedState), JSON.parse(JSON.stringify({ strings: STRINGS, view: { ...view, requested: 4, results: [1, 2, 3, 4].map(pendingResult) } })), 'kept for a reload before the host answers');
        assert.deepEqual(await cspViolations(alone), []);
      } finally {
        await alone.close();
      }
    });

    it('shows a source named like markup as text, running nothing', async () => {
      const name = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">.png';
      const view = makeView(server.origin, { kind: 'queued', position: 1 }, { sourceName: name });
      const hostile = await openWithFirstView({ type: 'init', strings: STRINGS, view });
      try {
        await assertText(hostile.locator('.source-name'), name);
        assert.equal(await hostile.evaluate(() => window.__pwned), undefined);
        assert.equal(await hostile.locator('script').count(), 4, 'the fake host\'s two, the data block and the bundle');
        assert.deepEqual(await cspViolations(hostile), []);
      } finally {
        await hostile.close();
      }
    });

    it('takes the host\'s views once it answers', async () => {
      const views = stateViews(server.origin, Date.now());
      const answered = await openWithFirstView({ type: 'init', strings: STRINGS, view: views.queued });
      try {
        await assertText(answered.locator('[data-testid="status"]'), /Queued/);
        await init(answered, views.uploading);
        await assertText(answered.locator('[data-testid="status"]'), /Uploading the source… 42%/);
        await send(answered, { type: 'update', view: views.done });
        await assertText(answered.locator('[data-testid="status"]'), /Done: 4 variations\./);
      } finally {
        await answered.close();
      }
    });

    it('paints the saved state rather than the page\'s view when the panel is shown again', async () => {
      const views = stateViews(server.origin, Date.now());
      const shownAgain = await openWithFirstView({ type: 'init', strings: STRINGS, view: views.queued }, { strings: STRINGS, view: views.partial });
      try {
        await assertText(shownAgain.locator('[data-testid="status"]'), /2 of 3 came back/);
      } finally {
        await shownAgain.close();
      }
    });

    it('reports its first paint, with the thumbnail, only when the page asks for reports', async () => {
      const view = stateViews(server.origin, Date.now()).queued;
      const testMode = await openWithFirstView({ type: 'init', strings: STRINGS, view, reportPainted: true });
      try {
        const report = await waitForPosted(testMode, { type: 'firstPaint', from: 'page' });
        assert.ok(report.type === 'firstPaint');
        assert.ok(report.documentAt <= report.scriptAt && report.scriptAt <= report.at, JSON.stringify(report));
        assert.ok(report.thumbnailAt !== undefined && report.thumbnailAt >= report.scriptAt, 'the thumbnail decoded');
        assert.ok(Math.abs(report.at - Date.now()) < 60_000);
        await send(testMode, { type: 'update', view: stateViews(server.origin, Date.now()).uploading });
        await assertText(testMode.locator('[data-testid="status"]'), /Uploading/);
        assert.equal((await posted(testMode)).filter((m) => m.type === 'firstPaint').length, 1, 'one report per page');
      } finally {
        await testMode.close();
      }
      const product = await openWithFirstView({ type: 'init', strings: STRINGS, view });
      try {
        await assertText(product.locator('.source-name'), 'harbour.png');
        await product.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
        assert.deepEqual((await posted(product)).filter((m) => m.type === 'firstPaint'), []);
      } finally {
        await product.close();
      }
    });

    it('reports a first paint from init when the page carried no view, once the host asks', async () => {
      await init(page, stateViews(server.origin, Date.now()).done, STRINGS, { reportPainted: true });
      const report = await waitForPosted(page, { type: 'firstPaint', from: 'init' });
      assert.ok(report.type === 'firstPaint' && report.scriptAt <= report.at);
    });
  });

  it('ignores malformed host messages', async () => {
    await init(page, stateViews(server.origin, Date.now()).done);
    await send(page, { type: 'update' } as never);
    await send(page, { type: 'focusResult', resultId: '../../x' } as never);
    await send(page, { type: 'init', view: null } as never);
    await assertText(status(), /Done: 4 variations\./);
  });
});

async function assertText(locator: Locator, expected: RegExp | string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let text = '';
  for (;;) {
    text = (await locator.textContent()) ?? '';
    const ok = typeof expected === 'string' ? text === expected : expected.test(text);
    if (ok) {
      return;
    }
    if (Date.now() > deadline) {
      assert.fail(`expected ${String(expected)}, got ${JSON.stringify(text)}`);
    }
    await locator.page().waitForTimeout(20);
  }
}

function focusedCardIndex(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.closest('.card')?.dataset.index);
}
