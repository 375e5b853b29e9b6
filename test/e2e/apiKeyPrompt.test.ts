import assert from 'node:assert/strict';
import {
  acceptQuickInput,
  enterQuickInputText,
  runCommand,
  waitForCommand,
  waitForNotification,
  waitForQuickInputClosed,
} from './support';
import { regionAround, saveScreenshot } from './flows/screenshots';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { waitForGallery, waitForResultImages, waitForStatus } from './flows/gallery';
import { closeQuickInputIfOpen, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';
import { quickInputTitle } from './flows/variationSteps';

/** Not the emulator's default key, so only the key typed below can open its door. */
const TYPED_KEY = 'e2e-typed-key-5f3a9c';

describe('A run without an API key asks for it inline and carries on', () => {
  // No ONEMIN_AI_API_KEY and a fresh browser context: SecretStorage is empty.
  const { workbench, emulator } = useEmulatorWorkbench({
    label: 'api-key-prompt',
    keyInEnvironment: false,
    emulator: { apiKey: TYPED_KEY },
  });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  it('asks with a password box after the first step, then uploads, generates and shows the result', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await createVariationsFromExplorer(page, 'cat.png');
    await acceptQuickInput(page);

    const password = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await password.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await quickInputTitle(page), /API Key/);
    assert.equal(
      emulator().requests.filter((request) => request.server === 'api').length,
      0,
      'nothing is sent before the key is known',
    );
    await password.fill(TYPED_KEY);
    await page.keyboard.press('Enter');
    await waitForQuickInputClosed(page);

    const gallery = await waitForGallery(page);
    await waitForResultImages(gallery, 1);
    await waitForStatus(gallery, /^Done: 1 variation\.$/);

    const apiCalls = emulator().requests.filter((request) => request.server === 'api');
    // Beside them a free GET of the record reads the account's figure after the run (its cost).
    assert.deepEqual(
      apiCalls.filter((request) => request.method === 'POST').map((request) => `${request.method} ${request.path} ${request.status}`),
      ['POST /api/assets 200', 'POST /api/features 200'],
    );
    for (const call of apiCalls) {
      assert.equal(call.headers['api-key'], TYPED_KEY);
    }
    assert.deepEqual(emulator().keyLeaks, []);
  });

  // The palette lists "Clear API Key" first of the Flux Redux commands: it must not remove the key at once.
  it('asks before Clear API Key removes the stored key, saying new runs will ask again; declining keeps it', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    await runCommand(page, 'Flux Redux: Set API Key…');
    await enterQuickInputText(page, TYPED_KEY);
    await waitForQuickInputClosed(page);

    const dialog = page.locator('.monaco-dialog-box');
    await runCommand(page, 'Flux Redux: Clear API Key');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await dialog.locator('.dialog-message-text').textContent(), 'Remove your 1min.ai API key from VS Code\'s secret storage?');
    assert.equal(await dialog.locator('.dialog-message-detail').textContent(), 'New runs will ask for a key again.');
    await saveScreenshot(page, 'clear-api-key-question', await regionAround(page, [dialog]));
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

    // Still stored: asked again, and this time it goes ahead.
    await runCommand(page, 'Flux Redux: Clear API Key');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Clear API Key', exact: true }).click();
    await waitForNotification(page, 'Your 1min.ai API key was removed from VS Code\'s secret storage.');
  });
});
