import assert from 'node:assert/strict';
import { waitForCommand, waitForQuickInputClosed, webviewPanelShowing } from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { waitForGallery, waitForStatus } from './flows/gallery';
import { regionAround, saveScreenshot } from './flows/screenshots';
import { closeQuickInputIfOpen, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';
import { focusedItemLabel, pickAtStep, quickInputTitle, waitForStep } from './flows/variationSteps';

describe('Vary a result in the real workbench', () => {
  const { workbench, emulator } = useEmulatorWorkbench({ label: 'vary' });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  it('a click on Vary asks with the parent’s settings, starts a run from the stored result, and its gallery says where it came from', async function () {
    this.timeout(300_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await createVariationsFromExplorer(page, 'cat.png');
    await pickAtStep(page, 1, 'Run with current settings');
    await waitForQuickInputClosed(page);
    const parent = await waitForGallery(page);
    await waitForStatus(parent, /^Done/);

    const vary = parent.locator('.card button[data-action="vary"]').first();
    await vary.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await vary.getAttribute('aria-label'), 'Vary');
    await vary.scrollIntoViewIfNeeded();
    console.log(`      screenshot: ${await saveScreenshot(page, 'vary-card', await regionAround(page, [parent.locator('.card .card-footer').first()], 24))}`);
    await vary.click();

    // The quick picks open on the parent's settings: one Enter runs with them.
    await waitForStep(page, 1);
    assert.match(await quickInputTitle(page), /^Vary variation 1 of cat\.png/);
    assert.equal(await focusedItemLabel(page), 'Run with these settings');
    await pickAtStep(page, 1, 'Run with these settings');
    await waitForQuickInputClosed(page);

    const child = await webviewPanelShowing(page, 'nav.lineage', 'the Vary run’s gallery with its breadcrumb');
    await waitForStatus(child, /^Done/);
    const breadcrumb = child.locator('nav.lineage');
    assert.equal(await breadcrumb.getAttribute('aria-label'), 'Variation of cat.png › variation 1');
    assert.equal(((await child.locator('h1.source-name').textContent()) ?? '').trim(), 'cat-variation-1.webp', 'named after the result it varies (webp by default)');
    const file = await saveScreenshot(page, 'vary-lineage');
    console.log(`      screenshot: ${file}`);

    const uploads = emulator().requests.filter((request) => request.path === '/api/assets');
    const features = emulator().requests.filter((request) => request.server === 'api' && request.path === '/api/features');
    assert.equal(uploads.length, 2, 'the source, then the stored result');
    assert.equal(features.length, 2, 'one paid call for the click');

    // The crumb of the parent's result opens the parent's gallery with that result in view.
    await breadcrumb.locator('button.lineage-link', { hasText: 'variation 1' }).click();
    await webviewPanelShowing(page, '.card.is-highlighted[data-result-id="r1"]', 'the parent’s gallery with variation 1 highlighted');
  });
});
