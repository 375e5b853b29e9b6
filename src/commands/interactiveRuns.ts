import * as vscode from 'vscode';
import { describePreparation, warmUpImaging } from '../imaging/prepareUpload';
import { presetOffers } from '../options/firstStepOffers';
import { readPresetsSetting } from '../options/presetsSetting';
import { pickVariationRun } from '../options/quickPicks';
import { drawRandomSeed, finalizeOptions, resolveChoices } from '../options/resolve';
import { runParamsForPrepared, type PreparedSource } from '../runs/runParams';
import { uploadWhileAsking } from '../runs/uploadWhileAsking';
import { activeImagePreviewUri, pickSourceImage } from '../source/pickSource';
import { refusalDialog, type RefusedSource } from '../source/earlyChecks';
import { sourcesBeforeAsking } from '../source/sourcesBeforeAsking';
import type { RunCommandDeps } from './runCommandDeps';
import { recipeChoiceFor, reproduceFromRecipe } from './recipeRuns';
import { notifyFinished } from './runNotifications';
import type { CreateVariationsResult } from './scriptRuns';
import { haveApiKeyOrSay, startRun } from './startRun';

async function resolveInteractiveSources(given: vscode.Uri[]): Promise<vscode.Uri[]> {
  if (given.length > 0) {
    return given;
  }
  const previewed = activeImagePreviewUri();
  if (previewed) {
    return [previewed];
  }
  // The image is not known yet: libvips starts while the user chooses one, so preparing a
  // large image does not begin with a cold codec.
  warmUpImaging();
  const picked = await pickSourceImage();
  return picked ? [picked] : [];
}

/**
 * Asks for the image (unless given) and the options, then starts one run per image. Files the
 * cheap checks rule out are named in one modal before the first question; the rest go on.
 */
export async function createInteractively(deps: RunCommandDeps, given: vscode.Uri[]): Promise<CreateVariationsResult[] | undefined> {
  const uris = await resolveInteractiveSources(given);
  if (uris.length === 0) {
    return undefined;
  }
  const { usable, refused } = await sourcesBeforeAsking(deps, uris);
  if (refused.length > 0) {
    // Awaited: a quick pick opened under a modal would close as the modal takes the focus.
    const dialog = refusalDialog(refused, usable.length);
    await deps.notifier.modalError(dialog.message, dialog.detail);
  }
  if (usable.length === 0) {
    return undefined;
  }
  const config = deps.config();
  const preparing = Promise.all(usable.map((source) => source.preparing));
  const early = config.uploadEarly
    ? uploadWhileAsking(
        {
          currentKey: () => deps.keys.current(),
          uploadEarly: (payload) => deps.uploadEarly(payload),
          warn: (message) => deps.log.warn(message),
        },
        preparing,
      )
    : undefined;

  const settingsModel = config.model;
  const current = resolveChoices({ last: deps.lastChoices.recall(settingsModel), settings: config.optionDefaults, model: settingsModel });
  const first = usable[0];
  // One image's recipe is offered; for a selection "the settings this image was made with" means nothing.
  const recipe = usable.length === 1 ? await recipeChoiceFor(deps, first) : undefined;
  const presets = readPresetsSetting();
  presets.notes.forEach((note) => deps.log.warn(note));
  // The gallery opens now, beside, without the focus: its webview gets ready while the user
  // chooses, and the run takes it over (src/gallery/reservations.ts). Escape closes it.
  const gallery = (await deps.keys.current()) ? deps.galleries.reserve({ sourceName: first.name, sourceUri: first.uri.toString() }) : undefined;
  try {
    const picked = await pickVariationRun({
      choices: current,
      model: settingsModel,
      source: first.size ? { name: first.name, width: first.size.width, height: first.size.height } : undefined,
      lastSeed: deps.lastChoices.lastSeed(),
      title: usable.length > 1
        ? vscode.l10n.t('Variations of {0} images', usable.length)
        : vscode.l10n.t('Variations of {0}', first.name),
      offers: { recipe: recipe?.offer, presets: presetOffers(presets.presets, config.optionDefaults, settingsModel) },
    });
    if (!picked) {
      early?.cancel();
      return undefined; // Escape: nothing happened, nothing is remembered.
    }
    if (picked.kind === 'reproduce') {
      // The stored original is sent, not this file: its early upload is of no use.
      early?.cancel();
      const reproduced = recipe ? await reproduceFromRecipe(deps, recipe) : undefined;
      return reproduced ? [reproduced] : undefined;
    }
    const { choices, model } = picked;
    const sources: PreparedSource[] = [];
    const failed: RefusedSource[] = [];
    for (const [index, checked] of (await preparing).entries()) {
      if ('error' in checked) {
        failed.push({ name: usable[index].name, reason: checked.error });
      } else {
        sources.push(checked);
      }
    }
    if (failed.length > 0) {
      const dialog = refusalDialog(failed, sources.length);
      void deps.notifier.modalError(dialog.message, dialog.detail);
    }
    if (sources.length === 0) {
      return undefined;
    }
    await deps.lastChoices.remember(choices, model);

    if (!(await haveApiKeyOrSay(deps))) {
      return undefined;
    }

    const started: CreateVariationsResult[] = [];
    for (const source of sources) {
      const options = finalizeOptions(choices, drawRandomSeed);
      await deps.lastChoices.rememberSeed(options.seed);
      const { record, completion } = await startRun(deps, runParamsForPrepared(source, model, options, deps.apiOrigin()), describePreparation(source.upload));
      void completion.then((finished) => notifyFinished(deps, finished), (error) => deps.log.error(String(error)));
      started.push({ generationId: record.id, results: [] });
    }
    return started;
  } finally {
    gallery?.release();
  }
}
