import * as vscode from 'vscode';
import { pickVariationOptions } from '../options/quickPicks';
import { NO_OFFERS } from '../options/firstStepOffers';
import { drawRandomSeed, finalizeOptions } from '../options/resolve';
import { runParamsForVary, varyChoices, varySourceName } from '../runs/lineageRun';
import type { GenerationRecord, StoredResult } from '../runs/record';
import { errorMessage } from '../shared/errorMessage';
import { extensionOf, sniffImage } from '../shared/imageFormat';
import type { RunCommandDeps } from './runCommandDeps';
import { notifyFinished } from './runNotifications';
import { haveApiKeyOrSay, startRun } from './startRun';

/**
 * Vary: a new run whose source is a stored result of `parent`, read from global storage (it need
 * not be saved into the workspace), with the parent's model and its settings pre-selected. The
 * new record keeps its parent and the chain's first source (src/runs/lineage.ts). The panel
 * already took the offer's token; Escape in the quick picks starts nothing.
 */
export async function varyResult(
  deps: RunCommandDeps,
  parent: GenerationRecord,
  result: StoredResult,
  generationFolder: vscode.Uri,
): Promise<void> {
  if (result.status !== 'ready' || !result.file) {
    deps.log.warn(`Vary refused for generation ${parent.id}: variation ${result.index} is not stored.`);
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = await deps.store.readFile(parent.id, result.file);
  } catch (error) {
    void deps.notifier.error(vscode.l10n.t('Could not read variation {0} of {1}: {2}', result.index, parent.source.name, errorMessage(error)));
    return;
  }
  const image = sniffImage(bytes);
  if (!image) {
    void deps.notifier.error(vscode.l10n.t('Variation {0} of {1} is damaged in storage and cannot be varied.', result.index, parent.source.name));
    return;
  }
  const name = varySourceName(parent, result, extensionOf(image.format));
  const resultUri = vscode.Uri.joinPath(generationFolder, result.file).toString();
  // As for a file: the gallery opens while the user chooses, and the run takes it over.
  const gallery = (await deps.keys.current()) ? deps.galleries.reserve({ sourceName: name, sourceUri: resultUri }) : undefined;
  try {
    const choices = await pickVariationOptions({
      choices: varyChoices(parent),
      model: parent.model,
      source: { name, width: image.width, height: image.height },
      lastSeed: parent.options.seed,
      title: vscode.l10n.t('Vary variation {0} of {1}', result.index, parent.source.name),
      offers: { ...NO_OFFERS, runNowLabel: vscode.l10n.t('Run with these settings') },
    });
    if (!choices || !(await haveApiKeyOrSay(deps))) {
      return;
    }
    const options = finalizeOptions(choices, drawRandomSeed);
    await deps.lastChoices.rememberSeed(options.seed);
    const params = runParamsForVary({ parent, result, bytes, resultUri, model: parent.model, options, apiOrigin: deps.apiOrigin() });
    if (!params) {
      return; // sniffImage read the same bytes above.
    }
    const { completion } = await startRun(deps, params, `stored variation ${result.index} of ${parent.id}, varied`);
    void completion.then((finished) => notifyFinished(deps, finished), (error) => deps.log.error(String(error)));
  } finally {
    gallery?.release();
  }
}
