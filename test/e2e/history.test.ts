/**
 * The history view in the real workbench: a list filled with stored runs (written to global
 * storage as the extension writes them), clicked and driven by keyboard, and photographed in a
 * light and a dark theme for the README (media/screenshots/history-light.png, history-dark.png).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FrameLocator, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { runCommand, takeScreenshot, useWorkbench, waitFor as waitForProbe, webviewViewFrame } from './support';
import { chooseColorTheme } from './flows/ui';
import { regionAround, saveScreenshot } from './flows/screenshots';

const FIXTURES = path.join(repoRoot, 'test', 'webview', 'fixtures');
const IDS = {
  harbour: '20261124T110000000-harbor',
  leaf: '20261124T103000000-leaf01',
  child: '20261124T111500000-child1',
  elsewhere: '20261123T090000000-elsewh',
};

interface SeedRun {
  id: string;
  sourceUri: string;
  sourceName: string;
  variations: string[];
  extra?: Record<string, unknown>;
}

/** Writes a run the way the extension stores it: its folder, the source copy, results and record. */
function seedRun(generations: string, run: SeedRun): void {
  const folder = path.join(generations, run.id);
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'harbour.png'), path.join(folder, 'source.png'));
  const results = run.variations.map((fixture, i) => {
    const file = `variation-${i + 1}${path.extname(fixture)}`;
    fs.copyFileSync(path.join(FIXTURES, fixture), path.join(folder, file));
    const format = path.extname(fixture).slice(1) === 'jpg' ? 'jpg' : path.extname(fixture).slice(1);
    return { id: `r${i + 1}`, index: i + 1, status: 'ready', file, format, width: 1024, height: 768, bytes: fs.statSync(path.join(folder, file)).size };
  });
  const createdAt = `${run.id.slice(0, 4)}-${run.id.slice(4, 6)}-${run.id.slice(6, 8)}T${run.id.slice(9, 11)}:${run.id.slice(11, 13)}:00.000Z`;
  const record = {
    version: 2, id: run.id, createdAt, updatedAt: createdAt,
    source: { uri: run.sourceUri, name: run.sourceName, storedFile: 'source.png', format: 'png', width: 1024, height: 768, bytes: 1000 },
    model: 'black-forest-labs/flux-redux-dev',
    options: { format: results[0]?.format ?? 'webp', aspect_ratio: '4:3', num_outputs: Math.max(1, results.length), num_inference_steps: 28, seed: 4242, output_quality: 80, disable_safety_checker: false, megapixels: '1' },
    apiOrigin: 'https://api.1min.ai',
    phase: results.length > 0 ? 'done' : 'failed',
    ...(results.length === 0 ? { failure: { kind: 'internal', actions: [], facts: { what: 'internal' } } } : {}),
    results,
    ...run.extra,
  };
  fs.writeFileSync(path.join(folder, 'record.json'), JSON.stringify(record, null, 2));
}

function seedHistory(userDataDir: string, workspaceDir: string): string {
  const generations = path.join(userDataDir, 'User', 'globalStorage', 'fluxredux.flux-redux-variations', 'generations');
  const inWorkspace = (relative: string) => pathToFileURL(path.join(workspaceDir, relative)).toString();
  seedRun(generations, { id: IDS.harbour, sourceUri: inWorkspace('photos/harbour.jpg'), sourceName: 'harbour.jpg', variations: ['variation-1.webp', 'variation-2.jpg', 'variation-3.png', 'variation-4.webp'], extra: { favourite: true } });
  seedRun(generations, { id: IDS.leaf, sourceUri: inWorkspace('photos/leaf.webp'), sourceName: 'leaf.webp', variations: ['variation-4.webp', 'variation-1.webp'] });
  seedRun(generations, {
    id: IDS.child,
    sourceUri: pathToFileURL(path.join(generations, '20261101T000000000-gone00', 'variation-1.webp')).toString(),
    sourceName: 'variation-1.webp',
    variations: ['variation-3.png'],
    extra: { parent: { generationId: '20261101T000000000-gone00', resultIndex: 1 } },
  });
  seedRun(generations, { id: IDS.elsewhere, sourceUri: 'file:///elsewhere/holiday.png', sourceName: 'holiday.png', variations: [] });
  return generations;
}

/** Waits for `probe` to answer (not undefined or false), naming what it waited for. */
function waitFor<T>(description: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  return waitForProbe(probe, { description, timeoutMs });
}

function rows(history: FrameLocator) {
  return history.locator('li.run:not([hidden])');
}

async function focusedNav(history: FrameLocator): Promise<{ id: string | undefined; nav: string | undefined }> {
  return history.locator('body').evaluate(() => {
    // The tests compile without the DOM library; this runs in the webview's document.
    const doc = (globalThis as unknown as { document: { activeElement: { dataset?: Record<string, string>; closest(s: string): { dataset: Record<string, string> } | null } | null } }).document;
    const active = doc.activeElement;
    return { id: active?.closest('li.run')?.dataset.id, nav: active?.dataset?.nav };
  });
}

async function photograph(page: Page, history: FrameLocator, name: string): Promise<void> {
  // No hover highlight in the picture.
  await page.mouse.move(900, 450);
  await history.locator('li.run img').first().evaluate(async () => {
    // Every thumbnail decoded before the picture is taken.
    const doc = (globalThis as unknown as { document: { images: { decode(): Promise<void> }[] } }).document;
    await Promise.all([...doc.images].map((image) => image.decode().catch(() => undefined)));
  });
  const region = await regionAround(page, [page.locator('.part.sidebar')], 0);
  const file = await saveScreenshot(page, name, region);
  fs.copyFileSync(file, path.join(repoRoot, 'media', 'screenshots', `${name}.png`));
}

describe('The history view in the real workbench', () => {
  const workbench = useWorkbench({ label: 'history', theme: 'light', viewport: { width: 1280, height: 860 } });

  it('lists stored runs, filters by workspace and favourites, marks favourites, and moves by arrow keys', async function () {
    this.timeout(240_000);
    const { page, userDataDir, workspaceDir } = workbench();
    const generations = seedHistory(userDataDir, workspaceDir);
    await runCommand(page, 'Flux Redux: Show History');
    const history = webviewViewFrame(page);
    const filter = history.locator('input.filter');
    try {
      await filter.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await filter.getAttribute('type'), 'search');
      // This workspace is on with a folder open: the runs of an image elsewhere are hidden, and
      // so is a child whose parent (and so its root) was deleted: its own source is in storage.
      await waitFor('the runs of this workspace', async () => ((await rows(history).count()) === 2 ? true : undefined), 30_000);
      const workspaceToggle = history.locator('button.toggle').first();
      assert.equal(await workspaceToggle.getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await rows(history).locator('.name').allTextContents(), ['harbour.jpg', 'leaf.webp']);

      await workspaceToggle.click();
      await waitFor('every run', async () => ((await rows(history).count()) === 4 ? true : undefined));
      assert.equal(await workspaceToggle.getAttribute('aria-pressed'), 'false');
      // Said once, in the breadcrumb; the row used to say it twice (a *Parent deleted* badge too).
      const child = history.locator(`li.run[data-id="${IDS.child}"]`);
      assert.equal(await child.locator('.lineage-note').textContent(), 'parent deleted', 'the child says parent deleted');
      assert.equal(await child.locator('.parent-deleted').count(), 0, 'and says it only once');

      // A result: select it, mark it a favourite from its bar.
      const leaf = history.locator(`li.run[data-id="${IDS.leaf}"]`);
      await leaf.locator('button.thumb').nth(1).click();
      assert.equal(await leaf.locator('button.thumb').nth(1).getAttribute('aria-pressed'), 'true');
      await leaf.locator('[data-nav="result-favourite"]').click();
      await waitFor('the favourite mark on disk', () => {
        const record = JSON.parse(fs.readFileSync(path.join(generations, IDS.leaf, 'record.json'), 'utf8')) as { results: { favourite?: boolean }[] };
        return record.results[1].favourite === true || undefined;
      });
      await waitFor('the star on the thumb', async () => ((await leaf.locator('.thumb-star').count()) === 1 ? true : undefined));

      // Arrow keys: Down from a thumb goes to the same place in the next run; Right to the next result.
      await history.locator(`li.run[data-id="${IDS.child}"] button.thumb`).first().focus();
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await focusedNav(history), { id: IDS.harbour, nav: 'thumb' });
      await page.keyboard.press('ArrowRight');
      assert.equal(await history.locator(`li.run[data-id="${IDS.harbour}"] button.thumb`).nth(1).getAttribute('aria-pressed'), 'true');
      await page.keyboard.press('ArrowUp');
      assert.deepEqual(await focusedNav(history), { id: IDS.child, nav: 'thumb' });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await focusedNav(history), { id: IDS.leaf, nav: 'thumb' });
      assert.equal(
        await history.locator(`li.run[data-id="${IDS.leaf}"] [data-nav="result-favourite"]`).getAttribute('aria-label'),
        'Remove the favourite mark from Variation 2 of leaf.webp',
        'the result bar names what it acts on',
      );

      // Favourites: the run marked itself and the run with a marked result.
      const favouritesToggle = history.locator('button.toggle').nth(1);
      await favouritesToggle.click();
      await waitFor('the favourites', async () => ((await rows(history).count()) === 2 ? true : undefined));
      await favouritesToggle.click();
      await waitFor('every run again', async () => ((await rows(history).count()) === 4 ? true : undefined));

      await photograph(page, history, 'history-light');
      await chooseColorTheme(page, 'dark');
      await photograph(page, history, 'history-dark');
    } finally {
      await takeScreenshot(page, 'history-view');
    }
  });
});
