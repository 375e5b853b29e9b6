/**
 * The comparison's overlay in the real workbench: a person opens a result, switches to the
 * overlay, drags the divider and moves it with Home and End; photographed in light and dark.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { acceptQuickInput, waitForCommand, waitForQuickInputClosed } from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { waitForGallery, waitForResultImages, waitForStatus } from './flows/gallery';
import { regionAround, saveScreenshot } from './flows/screenshots';
import { chooseColorTheme, closeAllEditors, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';

const SOURCE = 'photos/harbour.jpg';

async function valueNow(slider: Locator): Promise<number> {
  return Number(await slider.getAttribute('aria-valuenow'));
}

async function photograph(page: Page, gallery: FrameLocator, name: string): Promise<void> {
  const file = await saveScreenshot(page, name, await regionAround(page, [page.locator('.part.editor')], 0));
  assert.ok(fs.statSync(file).size > 5_000, `${file} holds a real picture`);
  assert.equal(await gallery.getByRole('slider').isVisible(), true);
}

describe('The compare overlay slider in the workbench', () => {
  const { workbench } = useEmulatorWorkbench({ label: 'compare-slider', theme: 'light', viewport: { width: 1400, height: 860 } });

  it('opens from a result, follows a drag and Home/End, and is photographed in light and dark', async function () {
    this.timeout(240_000);
    const { page } = workbench();
    // The extension's menus are there once its commands are.
    await waitForCommand(page, PALETTE_COMMAND);
    await closeAllEditors(page);
    await createVariationsFromExplorer(page, SOURCE);
    await acceptQuickInput(page);
    await waitForQuickInputClosed(page);
    const gallery = await waitForGallery(page);
    await waitForStatus(gallery, /^Done: /);
    await waitForResultImages(gallery, (await gallery.locator('.card img.card-image').count()) || 1);

    await gallery.locator('.card-preview').first().click();
    const dialog = gallery.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Overlay' }).click();
    const slider = dialog.getByRole('slider');
    await slider.waitFor();
    assert.match((await slider.getAttribute('aria-label')) ?? '', /^Divider between Source and Variation 1$/);
    assert.equal(await valueNow(slider), 50);

    const frame = await dialog.locator('.overlay-frame').boundingBox();
    assert.ok(frame, 'the overlay is on screen');
    const y = frame.y + frame.height / 2;
    await page.mouse.move(frame.x + frame.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width * 0.3, y, { steps: 6 });
    await page.mouse.up();
    assert.ok(Math.abs((await valueNow(slider)) - 30) <= 1, `dragged to 30%, got ${await valueNow(slider)}`);

    await page.keyboard.press('End');
    assert.equal(await valueNow(slider), 100);
    await page.keyboard.press('Home');
    assert.equal(await valueNow(slider), 0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageUp');
    assert.equal(await valueNow(slider), 25);
    await photograph(page, gallery, 'compare-overlay-light');

    await chooseColorTheme(page, 'dark');
    // Choosing the theme took the focus to the workbench; back on the divider, the keys move it again.
    await slider.focus();
    await page.keyboard.press('PageUp');
    assert.equal(await valueNow(slider), 45);
    await photograph(page, gallery, 'compare-overlay-dark');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});
