/**
 * Issue 13 from the history view, clicked in the real workbench against the emulator: Vary in
 * the selected result's bar starts a run from the stored result with the parent's settings, the
 * child's row shows the breadcrumb whose link opens the parent's gallery, and Run Again is one
 * click in a row (a double click buys one run, with a new seed).
 */
import assert from 'node:assert/strict';
import { runCommand, waitFor, waitForCommand, waitForQuickInputClosed, webviewPanelShowing } from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { waitForGallery, waitForStatus } from './flows/gallery';
import { regionAround, saveScreenshot } from './flows/screenshots';
import { closeQuickInputIfOpen, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';
import { focusedItemLabel, pickAtStep, quickInputTitle, waitForStep } from './flows/variationSteps';

interface FeaturesBody {
  promptObject: Record<string, unknown>;
}


describe('Vary, the breadcrumb and Run Again in the history view of the real workbench', () => {
  const { workbench, emulator } = useEmulatorWorkbench({ label: 'history-actions', viewport: { width: 1280, height: 860 } });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  const featureCalls = () => emulator().requests.filter((request) => request.server === 'api' && request.path === '/api/features');
  const seedOf = (call: { body?: unknown }) => (call.body as FeaturesBody).promptObject.seed;

  it('a click on Vary in a result’s bar varies the stored result; the child’s breadcrumb opens the parent’s gallery; Run Again runs once with a new seed', async function () {
    this.timeout(360_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await createVariationsFromExplorer(page, 'cat.png');
    await pickAtStep(page, 1, 'Run with current settings');
    await waitForQuickInputClosed(page);
    await waitForStatus(await waitForGallery(page), /^Done/);
    assert.equal(featureCalls().length, 1);
    const parentSeed = seedOf(featureCalls()[0]);

    await runCommand(page, 'Flux Redux: Show History');
    // Found by its kind, not by position: the galleries that open later add iframes before it.
    const history = page.locator('iframe.webview[src*="purpose=webviewView"]').contentFrame().frameLocator('iframe#active-frame');
    await history.locator('input.filter').waitFor({ state: 'visible', timeout: 60_000 });
    const runs = history.locator('li.run:not([hidden])');
    await waitFor(async () => ((await runs.count()) === 1 ? true : undefined), { timeoutMs: 30_000, description: 'the first run in the history' });
    const parentId = await runs.first().getAttribute('data-id');
    // By id: the list is newest first, so its first row changes as runs start.
    const parentRow = history.locator(`li.run[data-id="${parentId}"]`);

    // Vary sits in the bar of the selected result (the first, until another is clicked).
    await parentRow.locator('button.thumb').first().click();
    const vary = parentRow.locator('.result-bar [data-nav="result-vary"]');
    await vary.waitFor({ state: 'visible', timeout: 30_000 });
    await vary.click();
    await waitForStep(page, 1);
    assert.match(await quickInputTitle(page), /^Vary variation 1 of cat\.png/);
    assert.equal(await focusedItemLabel(page), 'Run with these settings', 'the parent’s settings come first');
    await pickAtStep(page, 1, 'Run with these settings');
    await waitForQuickInputClosed(page);

    // Newest first: the child on top, with the breadcrumb that links to its parent.
    await waitFor(async () => ((await runs.count()) === 2 ? true : undefined), { timeoutMs: 60_000, description: 'the Vary run in the history' });
    const childId = await runs.first().getAttribute('data-id');
    assert.notEqual(childId, parentId);
    const childRow = history.locator(`li.run[data-id="${childId}"]`);
    await waitFor(async () => ((await childRow.getAttribute('class'))?.includes('state-done') ? true : undefined), { timeoutMs: 120_000, description: 'the Vary run to finish' });
    const breadcrumb = childRow.locator('nav.lineage');
    assert.equal(await breadcrumb.getAttribute('aria-label'), 'Variation of cat.png › variation 1');
    assert.equal(await parentRow.locator('nav.lineage').count(), 0, 'the first run has no parent');
    assert.equal(featureCalls().length, 2, 'one paid call for the click');
    const uploads = emulator().requests.filter((request) => request.path === '/api/assets');
    assert.equal(uploads.length, 2, 'the source, then the stored result');
    console.log(`      screenshot: ${await saveScreenshot(page, 'history-vary-lineage', await regionAround(page, [page.locator('.part.sidebar')], 0))}`);

    // The crumb opens the parent's gallery, closed before the click. (Not closeAllEditors from
    // flows/ui: it waits for no webview at all, and the history view is one.)
    const tabs = page.locator('.tabs-container .tab');
    await runCommand(page, 'View: Close All Editors');
    await waitFor(async () => ((await tabs.count()) === 0 ? true : undefined), { timeoutMs: 30_000, description: 'every editor tab to close' });
    await breadcrumb.locator('button.lineage-link').first().click();
    const reopened = await webviewPanelShowing(page, 'h1.source-name', 'the parent’s gallery opened from the breadcrumb');
    assert.equal(((await reopened.locator('h1.source-name').textContent()) ?? '').trim(), 'cat.png');
    assert.equal(featureCalls().length, 2, 'opening a gallery costs nothing');

    // Run Again on the first run: a double click, one paid call, a new seed, a new row.
    const again = parentRow.locator('[data-nav="run-again"]');
    await again.waitFor({ state: 'visible', timeout: 30_000 });
    await again.dblclick();
    await waitFor(async () => ((await runs.count()) === 3 ? true : undefined), { timeoutMs: 60_000, description: 'the Run Again run in the history' });
    await waitFor(async () => ((await runs.first().getAttribute('class'))?.includes('state-done') ? true : undefined), { timeoutMs: 120_000, description: 'the Run Again run to finish' });
    assert.equal(featureCalls().length, 3, 'a double click buys one run');
    assert.notEqual(seedOf(featureCalls()[2]), parentSeed, 'a new seed');
    assert.equal(await runs.first().locator('.name').textContent(), 'cat.png', 'the same source');
    assert.equal(await runs.first().locator('nav.lineage').count(), 0, 'Run Again is no variation of a result');
  });
});
