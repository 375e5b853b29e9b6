/**
 * The quick picks of "Create Variations" as a new user meets them in the real workbench: the way
 * into every option is an entry of its own, and the step counter keeps its total and never skips
 * a number, whichever format is chosen. Photographed in a light and a dark theme
 * (test-results/e2e/screenshots/quick-pick-*.png) for a person to look at.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { acceptQuickInput, pickQuickPickItem, quickInputRowLabels, waitForCommand } from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { regionAround, saveScreenshot } from './flows/screenshots';
import { chooseColorTheme, closeQuickInputIfOpen, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';
import { focusedItemLabel, goBack, quickInputTitle, waitForQuestion } from './flows/variationSteps';

async function photograph(page: Page, name: string): Promise<void> {
  const file = await saveScreenshot(page, name, await regionAround(page, [page.locator('.quick-input-widget')]));
  assert.ok(fs.statSync(file).size > 5_000, `${file} holds a real picture`);
}

/** The "(n/N)" of the quick input's title. */
async function counter(page: Page): Promise<string> {
  return /\((\d+\/\d+)\)/.exec(await quickInputTitle(page))?.[1] ?? '';
}

describe('The quick picks of Create Variations, as a new user meets them', () => {
  const { workbench } = useEmulatorWorkbench({ label: 'quick-picks', theme: 'light', viewport: { width: 1400, height: 860 } });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  it('offers "Choose every option…" and keeps the counter at n/7 whichever format is chosen, light and dark', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await createVariationsFromExplorer(page, 'cat.png');

    const labels = await quickInputRowLabels(page);
    assert.deepEqual(labels.slice(0, 2), ['Run with current settings', 'Choose every option…']);
    assert.equal(await focusedItemLabel(page), 'Run with current settings');
    await photograph(page, 'quick-pick-first-step-light');

    const seen: string[] = [];
    await pickQuickPickItem(page, 'Choose every option…');
    await waitForQuestion(page, 1, /^Aspect ratio of the output image/);
    seen.push(await counter(page));
    await pickQuickPickItem(page, '4:3');
    await waitForQuestion(page, 2, /^Number of variations/);
    seen.push(await counter(page));
    await acceptQuickInput(page);
    await waitForQuestion(page, 3, /^Format/);
    seen.push(await counter(page));
    await photograph(page, 'quick-pick-format-light');
    await pickQuickPickItem(page, 'jpg');
    await waitForQuestion(page, 3, /^Quality/);
    seen.push(await counter(page));
    await goBack(page, 3);
    await waitForQuestion(page, 3, /^Format/);
    await pickQuickPickItem(page, 'png');
    await waitForQuestion(page, 4, /resolution/);
    seen.push(await counter(page));
    await acceptQuickInput(page);
    await waitForQuestion(page, 5, /inference steps/);
    seen.push(await counter(page));
    await acceptQuickInput(page);
    await waitForQuestion(page, 6, /seed/);
    seen.push(await counter(page));
    await acceptQuickInput(page);
    await waitForQuestion(page, 7, /^Content safety checker$/);
    seen.push(await counter(page));
    await photograph(page, 'quick-pick-safety-light');
    assert.deepEqual(seen, ['1/7', '2/7', '3/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    await closeQuickInputIfOpen(page);

    await chooseColorTheme(page, 'dark');
    await createVariationsFromExplorer(page, 'cat.png');
    await photograph(page, 'quick-pick-first-step-dark');
    await pickQuickPickItem(page, 'Choose every option…');
    await waitForQuestion(page, 1, /^Aspect ratio of the output image/);
    await pickQuickPickItem(page, '4:3');
    await waitForQuestion(page, 2, /^Number of variations/);
    await acceptQuickInput(page);
    await waitForQuestion(page, 3, /^Format/);
    await photograph(page, 'quick-pick-format-dark');
  });
});
