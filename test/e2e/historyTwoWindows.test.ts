/**
 * Issue 12's "Runs from other windows" in the real workbench: two browser tabs on one
 * code-server are two windows, each with its own extension host, sharing one global storage.
 * Both show the *Variations* view. What one window starts, favourites or deletes shows in the
 * other within two seconds (the marker file, src/history/changeMarker.ts), and the other window's
 * row says "in another window" exactly while the run's lease is live, as delete asks it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { testResultsDir } from '../harness/paths';
import { acceptQuickInput, openSecondWindow, runCommand, waitFor, waitForQuickInputClosed, webviewViewFrame } from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { regionAround } from './flows/screenshots';
import { chooseColorTheme, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';

const LABEL = 'history-two-windows';
/** The promise: another window's change shows within two seconds. */
const WITHIN_MS = 2_000;

/** Shows the history in a window and waits for its list. */
async function showHistory(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Flux Redux: Show History');
  const history = webviewViewFrame(page);
  await history.locator('input.filter').waitFor({ state: 'visible', timeout: 60_000 });
  return history;
}

function rows(history: FrameLocator): Locator {
  return history.locator('li.run:not([hidden])');
}

interface RowLook {
  kind: string;
  words: string;
  stars: number;
}

/**
 * A row's state class, its words and its starred thumbs; undefined while it is not listed. Read in
 * one call in the page: the list re-renders its rows, and a row seen by one query may be gone (or
 * replaced) by the next.
 */
async function look(history: FrameLocator, id: string): Promise<RowLook | undefined> {
  return history.locator('body').evaluate((body, runId) => {
    // The tests compile without the DOM library; this runs in the webview's document.
    interface Node {
      className: string;
      textContent: string | null;
      querySelector(selector: string): Node | null;
      querySelectorAll(selector: string): { length: number };
    }
    const row = (body as unknown as Node).querySelector(`li.run[data-id="${runId}"]`);
    if (!row) {
      return undefined;
    }
    return {
      kind: /\bstate-(\w+)/.exec(row.className)?.[1] ?? '',
      words: (row.querySelector('p.state')?.textContent ?? '').trim(),
      stars: row.querySelectorAll('.thumb-star').length,
    };
  }, id);
}

/** Waits until `probe` holds and returns how long that took from `since`. */
async function msUntil(since: number, description: string, probe: () => Promise<boolean>): Promise<number> {
  await waitFor(async () => ((await probe()) ? true : undefined), { timeoutMs: 30_000, intervalMs: 50, description });
  return Date.now() - since;
}

/** The side bar of a window, every thumbnail decoded, under this test's results folder. */
async function photographList(page: Page, history: FrameLocator, name: string): Promise<string> {
  await page.mouse.move(900, 450);
  await history.locator('body').evaluate(async () => {
    // The tests compile without the DOM library; this runs in the webview's document.
    const doc = (globalThis as unknown as { document: { images: { decode(): Promise<void> }[] } }).document;
    await Promise.all([...doc.images].map((image) => image.decode().catch(() => undefined)));
  });
  const file = testResultsDir('e2e', LABEL, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, clip: await regionAround(page, [page.locator('.part.sidebar')], 0), animations: 'disabled', caret: 'hide' });
  return file;
}

describe('The history in two windows (two extension hosts, one storage)', () => {
  const { workbench, emulator } = useEmulatorWorkbench({
    label: LABEL,
    viewport: { width: 1280, height: 860 },
    userSettings: { 'fluxRedux.defaults.numOutputs': 2, 'fluxRedux.defaults.megapixels': '0.25' },
  });

  it('shows a run of one window live in the other, its end, a favourite and a delete within 2 s, and refuses to delete the running run', async function () {
    this.timeout(420_000);
    const a = workbench().page;
    const b = await openSecondWindow(workbench(), PALETTE_COMMAND);
    try {
      const historyB = await showHistory(b);
      const before = await rows(historyB).count();

      // A starts a run whose generation takes a while.
      emulator().setLatency({ generationMs: 12_000 });
      await createVariationsFromExplorer(a, 'cat.png');
      await acceptQuickInput(a);
      await waitForQuickInputClosed(a);
      const started = Date.now();
      const firstId = await waitFor(
        async () => ((await rows(historyB).count()) > before ? (await rows(historyB).first().getAttribute('data-id')) ?? undefined : undefined),
        { timeoutMs: 30_000, intervalMs: 50, description: 'the run of window A in the list of window B' },
      );
      const listedAfter = await msUntil(started, 'window B to show the run as running in another window', async () => {
        const row = await look(historyB, firstId);
        return row?.kind === 'running' && /in another window/.test(row.words);
      });
      assert.ok(listedAfter <= WITHIN_MS, `window B listed it, running in another window, ${listedAfter} ms after it started`);
      const historyA = await showHistory(a);
      const inA = await waitFor(async () => {
        const row = await look(historyA, firstId);
        return row?.kind === 'running' ? row : undefined;
      }, { timeoutMs: 30_000, description: 'window A to show its own run as running' });
      assert.doesNotMatch(inA.words, /another window/, `window A runs it itself: "${inA.words}"`);
      // The running row offers no Delete in either window: the leases say it runs.
      for (const history of [historyA, historyB]) {
        assert.equal(await history.locator(`li.run[data-id="${firstId}"] [data-nav="delete"]`).count(), 0);
      }

      // It ends in A: B says done.
      await waitFor(async () => ((await look(historyA, firstId))?.kind === 'done' ? true : undefined), {
        timeoutMs: 120_000,
        description: 'the run to end in window A',
      });
      const ended = Date.now();
      const doneAfter = await msUntil(ended, 'window B to show the run done', async () => (await look(historyB, firstId))?.words === 'Done: 2 variations');
      assert.ok(doneAfter <= WITHIN_MS, `window B showed it done ${doneAfter} ms after window A`);

      // A favourite marked in B shows in A.
      const rowB = historyB.locator(`li.run[data-id="${firstId}"]`);
      await rowB.locator('button.thumb').nth(1).click();
      await rowB.locator('[data-nav="result-favourite"]').click();
      await waitFor(async () => ((await look(historyB, firstId))?.stars === 1 ? true : undefined), { timeoutMs: 15_000, description: 'the star in window B' });
      const starred = Date.now();
      const starAfter = await msUntil(starred, 'the star in window A', async () => (await look(historyA, firstId))?.stars === 1);
      assert.ok(starAfter <= WITHIN_MS, `window A showed the star ${starAfter} ms after window B`);

      // A second run, started again from A's list: B refuses to delete it while it runs.
      emulator().setLatency({ generationMs: 25_000 });
      const again = historyA.locator(`li.run[data-id="${firstId}"] [data-nav="run-again"]`);
      await again.waitFor({ state: 'visible', timeout: 30_000 });
      await again.click();
      const secondId = await waitFor(async () => {
        const id = await rows(historyB).first().getAttribute('data-id');
        return id && id !== firstId ? id : undefined;
      }, { timeoutMs: 30_000, description: 'the second run in window B' });
      await waitFor(async () => {
        const row = await look(historyB, secondId);
        return row?.kind === 'running' && /in another window/.test(row.words) ? true : undefined;
      }, { timeoutMs: 15_000, description: 'window B to show the second run running in another window' });
      assert.equal(await historyB.locator(`li.run[data-id="${secondId}"] [data-nav="delete"]`).count(), 0, 'no Delete for a run running in another window');
      console.log(`      screenshot: ${await photographList(b, historyB, 'window-b-light')}`);

      // A deletes the finished run (after its modal): it leaves B's list.
      const deleteFirst = historyA.locator(`li.run[data-id="${firstId}"] [data-nav="delete"]`);
      assert.equal(await deleteFirst.getAttribute('aria-label'), 'Delete the run of cat.png');
      await deleteFirst.click();
      const dialog = a.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await dialog.innerText(), /Delete the run of cat\.png from the history\?/);
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await waitFor(async () => ((await look(historyA, firstId)) === undefined ? true : undefined), { timeoutMs: 15_000, description: 'the run to leave window A' });
      const deleted = Date.now();
      const goneAfter = await msUntil(deleted, 'the run to leave window B', async () => (await look(historyB, firstId)) === undefined);
      assert.ok(goneAfter <= WITHIN_MS, `window B dropped it ${goneAfter} ms after window A`);
      assert.equal((await look(historyB, secondId))?.kind, 'running', 'the running run stays');

      await chooseColorTheme(b, 'dark');
      console.log(`      screenshot: ${await photographList(b, historyB, 'window-b-dark')}`);
      console.log(`      window B: listed ${listedAfter} ms, done ${doneAfter} ms, star ${starAfter} ms, gone ${goneAfter} ms after window A`);

      await waitFor(async () => ((await look(historyB, secondId))?.kind === 'done' ? true : undefined), {
        timeoutMs: 120_000,
        description: 'the second run to end, seen from window B',
      });
    } finally {
      await b.close();
    }
  });
});
