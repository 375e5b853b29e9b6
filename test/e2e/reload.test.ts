import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../emulator';
import {
  acceptQuickInput,
  runCommand,
  saveFailureArtifacts,
  startWorkbench,
  takeScreenshot,
  waitForCommand,
  waitForWebview,
  type Workbench,
} from './support';
import { createVariationsFromExplorer } from './flows/ui';

/**
 * A window reload ends the extension host, so a run in flight cannot be awaited. After the
 * reload the gallery must come back by itself, with the results that had arrived and the run
 * shown as interrupted, saying that credits may have been spent.
 */
describe('A window reload in the middle of a run', function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator();
    workbench = await startWorkbench({
      label: 'reload',
      userSettings: {
        'fluxRedux.apiBaseUrl': emulator.apiBaseUrl,
        'fluxRedux.assetBaseUrls': emulator.assetBaseUrls,
        'fluxRedux.defaults.numOutputs': 2,
        'fluxRedux.defaults.megapixels': '0.25',
      },
      env: { ONEMIN_AI_API_KEY: emulator.apiKey },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await saveFailureArtifacts(workbench, this.currentTest.fullTitle());
    }
  });

  after(async () => {
    await workbench?.stop();
    await emulator?.close();
  });

  it('restores the gallery with the result that arrived, as interrupted', async () => {
    const { page } = workbench;
    await waitForCommand(page, 'Flux Redux: Create Variations…');
    // The first download never answers: one result arrives, the other is still on its way.
    emulator.injectFault({ endpoint: 'download', kind: 'hang' });
    await createVariationsFromExplorer(page, 'cat.png');
    await acceptQuickInput(page);

    const before = await waitForWebview(page, 'img[alt^="Variation"]');
    await before.locator('text=/Downloading/i').first().waitFor({ timeout: 60_000 });
    assert.equal(await before.locator('img[alt^="Variation"]').count(), 1, 'one result had arrived');

    // As a user would: the workbench saves its editors (and the panel's state) before reloading.
    await runCommand(page, 'Developer: Reload Window');
    const after = await waitForWebview(page, 'text=/Interrupted/', 120_000);
    await after.locator('text=/Credits may have been spent/').first().waitFor({ timeout: 30_000 });
    const images = after.locator('img[alt^="Variation"]');
    await images.first().waitFor({ timeout: 30_000 });
    assert.equal(await images.count(), 1, 'the result that arrived is shown again');
    assert.ok(await images.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), 'and it loads');
    await takeScreenshot(page, 'gallery-after-reload');
  });
});
