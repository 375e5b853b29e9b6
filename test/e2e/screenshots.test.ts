/**
 * The extension as a user sees it, photographed for the README and for a designer's eye: the
 * Explorer menu, a quick pick step, the gallery with results in a light and a dark theme, and
 * the gallery while the server is still generating. Each picture is taken once the state it
 * shows is reached, and the gallery's colours are checked to follow the theme.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import {
  acceptQuickInput,
  pickContextMenuEntry,
  rightClickExplorerRow,
  waitForCommand,
  waitForQuickInputClosed,
} from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { waitForGallery, waitForResultImages, waitForStatus } from './flows/gallery';
import { regionAround, saveScreenshot, type Region } from './flows/screenshots';
import { chooseColorTheme, closeAllEditors, closeQuickInputIfOpen, createVariationsFromExplorer, EXPLORER_ENTRY, PALETTE_COMMAND } from './flows/ui';
import { pickAtStep, waitForQuestion, waitForStep } from './flows/variationSteps';

const SOURCE = 'photos/harbour.jpg';

/** Relative luminance (0 black … 1 white) of a CSS rgb() colour. */
function luminance(cssColour: string): number {
  const channels = cssColour.match(/\d+(\.\d+)?/g)?.slice(0, 3).map(Number);
  if (!channels || channels.length < 3) {
    throw new Error(`Not an rgb() colour: ${cssColour}`);
  }
  const linear = channels.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

async function galleryColours(gallery: FrameLocator): Promise<{ background: number; text: number }> {
  const colours = await gallery.locator('body').evaluate((body) => {
    // The tests compile without the DOM library; this runs in the webview's document.
    const view = globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string; color: string } };
    const style = view.getComputedStyle(body);
    return { background: style.backgroundColor, text: style.color };
  });
  return { background: luminance(colours.background), text: luminance(colours.text) };
}

/** The editor area (tabs and the gallery panel), without the rest of the workbench. */
async function editorRegion(page: Page): Promise<Region> {
  return regionAround(page, [page.locator('.part.editor')], 0);
}

/**
 * The gallery as the README shows it: from its header to the bottom of its cards, across the
 * editor's width. The tab strip and the emulator notice stay out (the README's caption says the
 * pictures come from the emulator, and each result carries its EMULATOR badge).
 */
async function galleryRegion(page: Page, gallery: FrameLocator): Promise<Region> {
  const editor = await editorRegion(page);
  const header = await gallery.locator('header.header').first().boundingBox();
  const lastCard = await gallery.locator('li.card').last().boundingBox();
  if (!header || !lastCard) {
    throw new Error('The gallery has no header or no card to photograph');
  }
  const top = Math.max(editor.y, header.y - 8);
  const bottom = Math.min(editor.y + editor.height, lastCard.y + lastCard.height + 10);
  return { x: editor.x, y: top, width: editor.width, height: bottom - top };
}

function assertPicture(file: string): void {
  assert.ok(fs.statSync(file).size > 5_000, `${file} holds a real picture`);
}

describe('Screenshots of the extension in use', () => {
  const { workbench, emulator } = useEmulatorWorkbench({
    label: 'screenshot-tour',
    theme: 'light',
    viewport: { width: 1400, height: 860 },
  });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
    emulator().setLatency({});
  });

  it('the Explorer menu, a quick pick step and the gallery with results, light and dark', async function () {
    this.timeout(240_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await closeAllEditors(page);

    await rightClickExplorerRow(page, SOURCE);
    const entry = page.locator('.monaco-menu .action-label', { hasText: EXPLORER_ENTRY }).first();
    await entry.waitFor({ state: 'visible' });
    await entry.hover();
    assertPicture(
      await saveScreenshot(
        page,
        'explorer-menu',
        await regionAround(page, [page.locator('.part.sidebar > .title'), page.locator('.monaco-menu').first()], 8),
      ),
    );
    await pickContextMenuEntry(page, EXPLORER_ENTRY);

    await waitForStep(page, 1);
    assertPicture(await saveScreenshot(page, 'quick-pick-aspect-ratio', await regionAround(page, [page.locator('.quick-input-widget')])));
    await pickAtStep(page, 1, '4:3');
    await waitForStep(page, 2);
    assertPicture(await saveScreenshot(page, 'quick-pick-outputs', await regionAround(page, [page.locator('.quick-input-widget')])));
    await pickAtStep(page, 2, '3 outputs');
    // The remaining steps keep their current values; quality follows the format under its number.
    for (const [step, asks] of [[3, /^Format/], [3, /^Quality/], [4, /resolution/], [5, /inference steps/], [6, /seed/], [7, /safety/]] as const) {
      await waitForQuestion(page, step, asks);
      await acceptQuickInput(page);
    }
    await waitForQuickInputClosed(page);

    const gallery = await waitForGallery(page);
    await waitForResultImages(gallery, 3);
    await waitForStatus(gallery, /^Done: 3 variations\.$/);
    const light = await galleryColours(gallery);
    assert.ok(light.background > 0.7 && light.text < 0.2, `light theme colours: ${JSON.stringify(light)}`);
    assertPicture(await saveScreenshot(page, 'gallery-light', await galleryRegion(page, gallery)));

    await chooseColorTheme(page, 'dark');
    const dark = await waitForDarkGallery(gallery);
    assert.ok(dark.background < 0.1 && dark.text > 0.5, `dark theme colours: ${JSON.stringify(dark)}`);
    assertPicture(await saveScreenshot(page, 'gallery-dark', await galleryRegion(page, gallery)));
  });

  it('the gallery while the server is generating', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    // Held long enough to photograph; the run is cancelled afterwards.
    emulator().setLatency({ generationMs: 600_000 });
    await closeAllEditors(page);
    await createVariationsFromExplorer(page, SOURCE);
    await acceptQuickInput(page);
    await waitForQuickInputClosed(page);

    await waitFor(() => emulator().inFlightGenerations() === 1 || undefined, 60_000, 'the generation to reach the emulator');
    const gallery = await waitForGallery(page);
    await waitForStatus(gallery, /^Generating… /);
    await gallery.locator('.card-placeholder').first().waitFor({ state: 'visible' });
    assertPicture(await saveScreenshot(page, 'gallery-generating-dark', await galleryRegion(page, gallery)));

    await gallery.getByRole('button', { name: 'Cancel', exact: true }).click();
    await waitForStatus(gallery, /^Cancelled\.$/, 60_000);
  });
});

async function waitForDarkGallery(gallery: FrameLocator): Promise<{ background: number; text: number }> {
  return waitFor(
    async () => {
      const colours = await galleryColours(gallery);
      return colours.background < 0.1 ? colours : undefined;
    },
    30_000,
    'the gallery to take the dark theme’s colours',
  );
}

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, description: string): Promise<T> {
  const { waitFor: poll } = await import('./support');
  return poll(probe, { timeoutMs, description });
}
