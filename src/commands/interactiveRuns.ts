import * as path from 'path';
import * as vscode from 'vscode';
import { sniffImage } from '../shared/imageFormat';
import { describePreparation, warmUpImaging } from '../imaging/prepareUpload';
import { pickVariationOptions } from '../options/quickPicks';
import { drawRandomSeed, finalizeOptions, resolveChoices } from '../options/resolve';
import { runParamsForPrepared, type PreparedSource } from '../runs/runParams';
import { uploadWhileAsking } from '../runs/uploadWhileAsking';
import { activeImagePreviewUri, pickSourceImage } from '../source/pickSource';
import { prepareSource, readSource } from '../source/prepareSource';
import type { RunCommandDeps } from './runCommandDeps';
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

/** Asks for the image (unless given) and the options, then starts one run per image. */
export async function createInteractively(deps: RunCommandDeps, given: vscode.Uri[]): Promise<CreateVariationsResult[] | undefined> {
  const uris = await resolveInteractiveSources(given);
  if (uris.length === 0) {
    return undefined;
  }
  const config = deps.config();
  const reads = await Promise.all(uris.map(readSource));
  // Preparing (scaling, stripping, converting) runs while the user answers the quick picks.
  const preparing = Promise.all(reads.map(async (read) => ('error' in read ? read : prepareSource(deps, read))));
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
  const firstImage = 'error' in reads[0] ? undefined : sniffImage(reads[0].bytes);

  const model = config.model;
  const current = resolveChoices({ last: deps.lastChoices.recall(model), settings: config.optionDefaults, model });
  const firstName = path.posix.basename(uris[0].path);
  const choices = await pickVariationOptions({
    choices: current,
    model,
    source: firstImage ? { name: firstName, width: firstImage.width, height: firstImage.height } : undefined,
    lastSeed: deps.lastChoices.lastSeed(),
    title: uris.length > 1
      ? vscode.l10n.t('Variations of {0} images', uris.length)
      : vscode.l10n.t('Variations of {0}', firstName),
  });
  if (!choices) {
    early?.cancel();
    return undefined; // Escape: nothing happened, nothing is remembered.
  }
  const sources: PreparedSource[] = [];
  for (const checked of await preparing) {
    if ('error' in checked) {
      void deps.notifier.error(checked.error);
    } else {
      sources.push(checked);
    }
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
}
