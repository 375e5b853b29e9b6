import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readImageInfo } from '../emulator/testkit';
import { outputSize } from '../emulator';
import {
  cancelQuickInput,
  pickQuickPickItem,
  quickInputRowLabels,
  waitFor,
  waitForCommand,
  waitForFilesIn,
  waitForQuickInputClosed,
} from './support';
import { useEmulatorWorkbench } from './flows/emulatorWorkbench';
import { cardSaveButtonNames, waitForGallery, waitForResultImages, waitForStatus } from './flows/gallery';
import { closeQuickInputIfOpen, createVariationsFromExplorer, PALETTE_COMMAND } from './flows/ui';
import { focusedItemLabel, goBack, pickAtStep, typeAtStep, waitForQuestion, waitForStep } from './flows/variationSteps';

/** The body the extension sent to POST /api/features, as the emulator recorded it. */
function featureCalls(requests: { server: string; method: string; path: string; body?: unknown }[]): Record<string, unknown>[] {
  return requests
    .filter((request) => request.server === 'api' && request.method === 'POST' && request.path === '/api/features')
    .map((request) => request.body as Record<string, unknown>);
}

describe('Create variations from the Explorer, every step walked with the keyboard', () => {
  const { workbench, emulator } = useEmulatorWorkbench({ label: 'create-variations' });

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  const assetUploads = () => emulator().requests.filter((request) => request.path === '/api/assets');

  it('sends exactly the values chosen in the quick picks, shows the results and saves them all', async function () {
    this.timeout(240_000);
    const { page, workspaceDir } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await createVariationsFromExplorer(page, 'X.PNG');

    // Step 1: Enter would run at once; the aspect ratios follow, the source's own one first.
    assert.equal(await focusedItemLabel(page), 'Run with current settings');
    const firstLabels = await quickInputRowLabels(page);
    assert.ok(firstLabels.includes('Match source (≈ 16:9)'), firstLabels.join(' | '));
    await pickAtStep(page, 1, '16:9');

    // Step 2, then Back from step 3: the cursor is on what was chosen before.
    await waitForStep(page, 2);
    assert.equal(await focusedItemLabel(page), '1 output');
    await pickAtStep(page, 2, '3 outputs');
    await waitForStep(page, 3);
    await goBack(page, 2);
    assert.equal(await focusedItemLabel(page), '3 outputs');
    await pickAtStep(page, 2, '3 outputs');

    // Quality follows the format under the same number: seven steps, whatever the format.
    await pickAtStep(page, 3, 'jpg');
    await waitForQuestion(page, 3, /^Quality/);
    await pickQuickPickItem(page, 'Quality 90');
    await pickAtStep(page, 4, '0.25 MP');

    // Custom steps, with Back from the text box to the list of the same step.
    await pickAtStep(page, 5, 'Custom…');
    // Back only once the box shows: pressed while the list is still up, it is lost or leaves step 5.
    await waitForStep(page, 5, 'input');
    await goBack(page, 5, 'list');
    await pickAtStep(page, 5, 'Custom…');
    await typeAtStep(page, 5, '12');

    await pickAtStep(page, 6, 'Enter a seed…');
    await typeAtStep(page, 6, '777');
    // Off is the non-default answer, so the request shows the step really took effect.
    await pickAtStep(page, 7, 'Safety checker off');
    await waitForQuickInputClosed(page);

    const gallery = await waitForGallery(page);
    const shown = await waitForResultImages(gallery, 3);
    const expectedSize = outputSize('16:9', '0.25');
    for (const image of shown) {
      assert.deepEqual({ width: image.naturalWidth, height: image.naturalHeight }, expectedSize);
      assert.match(image.alt, /^Variation [1-3] of X\.PNG$/);
    }
    await waitForStatus(gallery, /^Done: 3 variations\.$/);

    const calls = featureCalls(emulator().requests);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.type, 'IMAGE_VARIATOR');
    assert.equal(calls[0]?.model, 'black-forest-labs/flux-redux-dev');
    assert.deepEqual(calls[0]?.promptObject, {
      imageUrl: emulator().uploadedPaths()[0],
      aspect_ratio: '16:9',
      num_outputs: 3,
      format: 'jpg',
      megapixels: '0.25',
      num_inference_steps: 12,
      output_quality: 90,
      seed: 777,
      disable_safety_checker: true,
    });

    await gallery.getByRole('button', { name: 'Save all', exact: true }).click();
    // The cards say "Saved" once each file is completely written; only then are the files read.
    const saveButtons = await waitFor(
      async () => {
        const names = await cardSaveButtonNames(gallery);
        return names.length === 3 && names.every((name) => name === 'Saved') ? names : undefined;
      },
      { timeoutMs: 60_000, description: 'every card’s Save button to say "Saved"' },
    );
    assert.equal(saveButtons.length, 3);
    const variationsDir = path.join(workspaceDir, 'variations');
    const saved = await waitForFilesIn(variationsDir, /^X-variation-\d+\.jpe?g$/, 3, 60_000);
    assert.deepEqual(
      saved.map((name) => name.replace(/\.jpe?g$/, '')),
      ['X-variation-1', 'X-variation-2', 'X-variation-3'],
    );
    for (const name of saved) {
      const info = readImageInfo(fs.readFileSync(path.join(variationsDir, name)));
      assert.equal(info?.format, 'jpeg', name);
      assert.deepEqual({ width: info?.width, height: info?.height }, expectedSize, name);
    }
    const firstSaved = gallery.locator('.card button[data-action="save"]').first();
    assert.match((await firstSaved.getAttribute('title')) ?? '', /^Saved to variations\/X-variation-1\.jpe?g$/);
  });

  it('sends nothing before the run is confirmed: the quick picks show, Escape, no upload', async function () {
    this.timeout(120_000);
    const { page } = workbench();
    const uploadsBefore = assetUploads().length;
    await createVariationsFromExplorer(page, 'cat.png');
    // The source is prepared while the steps show; a step later that has long finished.
    await pickAtStep(page, 1, '1:1');
    await waitForStep(page, 2);
    assert.equal(assetUploads().length, uploadsBefore, 'no upload while the user is still choosing');
    // The gallery opens ahead of the run (its webview gets ready meanwhile) without taking the
    // focus from the steps, and Escape closes it: no stray panel.
    const galleryTab = page.locator('.tabs-container .tab[aria-label^="Variations: cat.png"]').first();
    await galleryTab.waitFor({ state: 'visible', timeout: 10_000 });
    await cancelQuickInput(page);
    await waitForQuickInputClosed(page);
    assert.equal(assetUploads().length, uploadsBefore, 'no upload after Escape');
    await galleryTab.waitFor({ state: 'detached', timeout: 10_000 });
  });
});

describe('With fluxRedux.uploadEarly on', () => {
  const { workbench, emulator } = useEmulatorWorkbench({ label: 'upload-early', userSettings: { 'fluxRedux.uploadEarly': true } });
  const assetUploads = () => emulator().requests.filter((request) => request.path === '/api/assets');

  afterEach(async () => {
    await closeQuickInputIfOpen(workbench().page);
  });

  it('uploads while the quick picks are open, and the confirmed run uses that upload', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    await waitForCommand(page, PALETTE_COMMAND);
    await createVariationsFromExplorer(page, 'cat.png');
    // The emulator lists a request on arrival and fills in its upload once the body is read.
    const early = await waitFor(
      async () => assetUploads().find((request) => request.upload !== undefined),
      { timeoutMs: 30_000, description: 'the upload to arrive while the first step shows' },
    );
    assert.equal(early.upload?.fileName, 'cat.png');
    assert.equal(featureCalls(emulator().requests).length, 0, 'nothing paid for yet');
    await pickAtStep(page, 1, 'Run with current settings');
    await waitForQuickInputClosed(page);

    const gallery = await waitForGallery(page);
    await waitForStatus(gallery, /^Done: 1 variation\.$/);
    assert.equal(assetUploads().length, 1, 'the run did not send the image a second time');
    const calls = featureCalls(emulator().requests);
    assert.equal(calls.length, 1);
    assert.equal((calls[0]?.promptObject as { imageUrl?: string } | undefined)?.imageUrl, emulator().uploadedPaths()[0]);
  });
});
