/**
 * Issue 14 in the real (web) workbench: a file that is not an image is refused in a modal before
 * any quick pick, and the Getting Started walkthrough ticks its steps when the things it teaches
 * really happen (a gallery that opens by itself included). Screenshots of both are kept.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  pickContextMenuEntry,
  pickQuickPickItem,
  quickInputRowLabels,
  rightClickExplorerRow,
  runCommand,
  waitFor,
  waitForCommand,
  waitForQuickInput,
  waitForQuickInputClosed,
} from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { waitForGallery, waitForStatus } from './flows/gallery';
import { regionAround, saveScreenshot } from './flows/screenshots';
import { chooseColorTheme, closeAllEditors, closeQuickInputIfOpen, EXPLORER_ENTRY, PALETTE_COMMAND } from './flows/ui';
import { pickAtStep } from './flows/variationSteps';

const WALKTHROUGH_TITLE = 'Get started with Flux Redux Variations';
const STEPS = ['setApiKey', 'createVariations', 'results', 'privacy'] as const;
type StepId = (typeof STEPS)[number];

/** Walkthroughs register a little after the extension's commands: reopen the picker until it is listed. */
async function openWalkthrough(page: Page): Promise<void> {
  await waitFor(
    async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await waitForQuickInput(page);
      const listed = (await quickInputRowLabels(page)).includes(WALKTHROUGH_TITLE);
      if (!listed) {
        await page.keyboard.press('Escape');
        await waitForQuickInputClosed(page);
      }
      return listed ? true : undefined;
    },
    { timeoutMs: 60_000, description: `the walkthrough "${WALKTHROUGH_TITLE}" in Welcome: Open Walkthrough` },
  );
  await pickQuickPickItem(page, WALKTHROUGH_TITLE);
  await page.locator('.gettingStartedContainer [data-done-step-id$="#privacy"]').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Closes the walkthrough's tab with the mouse (the palette may not get the keyboard while it shows). */
async function closeWalkthrough(page: Page): Promise<void> {
  await page.locator('.tabs-container .tab.active .action-label.codicon-close').first().click();
  await page.locator('.gettingStartedContainer').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/** Each step's checkbox as the walkthrough shows it (aria-checked, set with the pass-filled icon). */
async function tickedSteps(page: Page): Promise<Record<StepId, boolean>> {
  const ticked = {} as Record<StepId, boolean>;
  for (const step of STEPS) {
    const checkbox = page.locator(`.gettingStartedContainer [role="checkbox"][data-done-step-id$="#${step}"]`).first();
    ticked[step] = (await checkbox.getAttribute('aria-checked')) === 'true';
  }
  return ticked;
}

describe('The first hour, in the real workbench', () => {
  const { workbench } = useEmulatorWorkbench({ label: 'first-hour', theme: 'light', viewport: { width: 1440, height: 1000 } });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  it('ticks the walkthrough’s steps when a key is there, a run starts, its gallery opens and the log shows', async function () {
    this.timeout(300_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await closeAllEditors(page);
    await openWalkthrough(page);
    // Opening it selects a step; selecting must not tick anything (the key step ticks once the
    // extension runs, as ONEMIN_AI_API_KEY holds the key).
    // VS Code registers the walkthrough when it is first opened, and a step whose context key is
    // already set then never ticks in that window: this test opens it before the extension runs.
    const before = await tickedSteps(page);
    assert.deepEqual({ ...before, setApiKey: false }, { setApiKey: false, createVariations: false, results: false, privacy: false });
    // The walkthrough takes the keyboard focus back from quick picks here: close it meanwhile.
    await closeWalkthrough(page);

    // From the palette, choosing the image in its first quick pick. The key comes from ONEMIN_AI_API_KEY.
    await runCommand(page, PALETTE_COMMAND);
    const imageFilter = await waitForQuickInput(page);
    await imageFilter.fill('cat.png');
    await waitFor(async () => ((await quickInputRowLabels(page)).some((label) => label.trim() === 'cat.png') ? true : undefined), {
      timeoutMs: 30_000,
      description: 'cat.png among the images offered',
    });
    await page.keyboard.press('Enter');
    await pickAtStep(page, 1, 'Run with current settings');
    await waitForQuickInputClosed(page);
    const gallery = await waitForGallery(page);
    await waitForStatus(gallery, /^Done: /);
    await runCommand(page, 'Flux Redux: Show Log');
    await page.locator('.part.panel').first().waitFor({ state: 'visible', timeout: 15_000 });
    // The log takes the lower half of the window: hide it so the pictures below hold every step.
    await runCommand(page, 'View: Hide Panel');
    await page.locator('.part.panel').first().waitFor({ state: 'hidden', timeout: 15_000 });

    await openWalkthrough(page);
    const after = await waitFor(
      async () => {
        const ticked = await tickedSteps(page);
        return STEPS.every((step) => ticked[step]) ? ticked : undefined;
      },
      { timeoutMs: 30_000, description: 'every step of the walkthrough to be ticked' },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; ticked: ${JSON.stringify(await tickedSteps(page))}`);
    });
    assert.deepEqual(after, { setApiKey: true, createVariations: true, results: true, privacy: true });
    assert.equal(await page.locator('.gettingStartedContainer [data-done-step-id].complete').count(), STEPS.length);

    const editor = page.locator('.part.editor');
    await saveScreenshot(page, 'walkthrough-ticked-light', await regionAround(page, [editor], 0));
    await closeWalkthrough(page);
    await chooseColorTheme(page, 'dark');
    await openWalkthrough(page);
    await saveScreenshot(page, 'walkthrough-ticked-dark', await regionAround(page, [editor], 0));
  });

  it('refuses a file that is not an image in a modal, before any quick pick, with the whole reason', async function () {
    this.timeout(180_000);
    const { page, workspaceDir } = workbench();
    fs.writeFileSync(path.join(workspaceDir, 'not-a-picture.png'), 'hi\n');
    await waitForCommand(page, PALETTE_COMMAND);
    await rightClickExplorerRow(page, 'not-a-picture.png');
    await pickContextMenuEntry(page, EXPLORER_ENTRY);

    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, /Flux Redux Variations cannot make variations of not-a-picture\.png\./);
    assert.match(text, /not-a-picture\.png is not an image \(its contents match no image format, whatever its name says\)/);
    assert.match(text, /choose one of those\./, 'the whole reason shows, down to what to do');
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'no quick pick opened');
    await saveScreenshot(page, 'refused-not-an-image', await regionAround(page, [dialog], 24));

    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'still no quick pick after the modal');
  });
});
