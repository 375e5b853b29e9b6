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
  webviewViewFrame,
  type Workbench,
} from './support';
import { closeAllEditors, createVariationsFromExplorer } from './flows/ui';
import { waitForResultImages } from './flows/gallery';

/**
 * A window reload ends the extension host, so a run in flight cannot be awaited. After the
 * reload the extension starts by itself (onStartupFinished), resumes the run from the server's
 * record without paying again, and the gallery comes back with every result and says so.
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

  const paidCalls = () => emulator.requests.filter((request) => request.method === 'POST' && request.path === '/api/features').length;

  async function expectResumedGallery(label: string): Promise<void> {
    const { page } = workbench;
    const after = await waitForWebview(page, 'text=/Resumed after VS Code was closed or reloaded/', 120_000);
    await after.locator('text=/Done: 2 variations/').first().waitFor({ timeout: 60_000 });
    // Both results decoded and painted: an <img> in the page is not yet a loaded image.
    const shown = await waitForResultImages(after, 2, 30_000);
    assert.deepEqual(shown.map((image) => image.alt).sort(), ['Variation 1 of cat.png', 'Variation 2 of cat.png'], 'both results are shown');
    assert.equal(paidCalls(), 1, 'one paid call: the run was resumed, not started again');
    await takeScreenshot(page, label);
    await expectResumedInHistory(`history-${label}`);
  }

  /** The history, read from disk by the new extension host, lists the run (newest first) as resumed and done. */
  async function expectResumedInHistory(label: string): Promise<void> {
    const { page } = workbench;
    await runCommand(page, 'Flux Redux: Show History');
    const history = webviewViewFrame(page);
    const newest = history.locator('li.run').first();
    await newest.locator('p.state', { hasText: /Resumed after a reload/ }).waitFor({ timeout: 30_000 });
    assert.match((await newest.locator('p.state').textContent()) ?? '', /Resumed after a reload\. Done: 2 variations/);
    assert.match((await newest.getAttribute('class')) ?? '', /\bstate-done\b/);
    assert.equal(await newest.locator('button.thumb').count(), 2, 'both results are listed');
    await takeScreenshot(page, label);
    // Back to the Explorer, where the next run starts.
    await runCommand(page, 'View: Show Explorer');
  }

  it('completes a run reloaded mid-download: the result that arrived is kept, the other downloaded after the reload', async () => {
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
    await expectResumedGallery('gallery-after-reload');
  });

  it('completes a run reloaded while the server was generating, with results that arrive after the reload and one paid call', async () => {
    const { page } = workbench;
    emulator.reset();
    emulator.setLatency({ generationMs: 8_000 });
    await closeAllEditors(page);
    await waitForCommand(page, 'Flux Redux: Create Variations…');
    await createVariationsFromExplorer(page, 'cat.png');
    await acceptQuickInput(page);
    const before = await waitForWebview(page, 'text=/Generating/');
    await before.locator('text=/Generating/').first().waitFor({ timeout: 30_000 });
    // The server has accepted it (its record id is on disk before the first poll).
    const deadline = Date.now() + 30_000;
    while (!emulator.requests.some((request) => request.path.startsWith('/api/results/')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await runCommand(page, 'Developer: Reload Window');
    await expectResumedGallery('gallery-resumed-after-reload-mid-generation');
  });
});
