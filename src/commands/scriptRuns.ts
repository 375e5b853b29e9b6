import * as vscode from 'vscode';
import { saveFolderDecision } from '../gallery/save';
import { noSaveFolderMessage } from '../gallery/saveFolder';
import { describePreparation } from '../imaging/prepareUpload';
import { drawRandomSeed, finalizeOptions, resolveChoices } from '../options/resolve';
import { validateScriptOptions } from '../options/validate';
import { describeRunFailure } from '../runs/failureText';
import type { GenerationRecord } from '../runs/record';
import { runParamsForPrepared } from '../runs/runParams';
import { assertNever } from '../shared/guards';
import { prepareSource, readSource, sourceLimits } from '../source/prepareSource';
import type { RunCommandDeps } from './runCommandDeps';
import { notifyFinished } from './runNotifications';
import { validateScriptRunSettings } from './scriptRunSettings';
import { startRun } from './startRun';
import { markResultSaved } from '../runs/recordEdits';

/** What scripts get back from `fluxRedux.createVariations(uri, options, settings)`. */
export interface CreateVariationsResult {
  generationId: string;
  results: vscode.Uri[];
  /** With `{ save: true }`: where each result was saved in the workspace, in result order. */
  saved?: vscode.Uri[];
}

/** Thrown to scripts with the words the user would see. */
export class UserFacingError extends Error {}

/**
 * `fluxRedux.createVariations(uri, options, settings)`: runs without asking anything and resolves
 * when the results are on disk (and, with `{ save: true }`, in the save folder), or rejects with
 * the reason in the user's words.
 */
export async function createForScript(
  deps: RunCommandDeps,
  uri: vscode.Uri | undefined,
  optionsArgument: unknown,
  settingsArgument?: unknown,
): Promise<CreateVariationsResult> {
  const validated = validateScriptOptions(optionsArgument);
  if (!validated.ok) {
    throw new UserFacingError(validated.message);
  }
  const settings = validateScriptRunSettings(settingsArgument);
  if (!settings.ok) {
    throw new UserFacingError(settings.message);
  }
  if (!uri) {
    throw new UserFacingError(vscode.l10n.t('fluxRedux.createVariations needs the image as its first argument (a Uri) when options are given.'));
  }
  if (settings.value.save) {
    // Scripts never see the dialog Save falls back to, so say so before anything is read or paid for.
    const saveFolderSetting = deps.config().saveFolder;
    const decision = await saveFolderDecision(uri, saveFolderSetting);
    if (decision.kind !== 'folder') {
      throw new UserFacingError(noSaveFolderMessage(decision, fileNameOf(uri), saveFolderSetting));
    }
  }
  const read = await readSource(uri, sourceLimits(deps.config()));
  if ('error' in read) {
    throw new UserFacingError(read.error);
  }
  // The gallery opens now, so its webview gets ready while the image is prepared.
  const gallery = (await deps.keys.current()) ? deps.galleries.reserve({ sourceName: read.name, sourceUri: read.uri.toString() }) : undefined;
  let started: Awaited<ReturnType<typeof startRun>>;
  try {
    const checked = await prepareSource(deps, read);
    if ('error' in checked) {
      throw new UserFacingError(checked.error);
    }
    const config = deps.config();
    const { model: pickedModel, ...picked } = validated.value;
    // A model in the options (Copy settings puts one there) wins over fluxRedux.model.
    const model = pickedModel ?? config.model;
    // Scripts get reproducible defaults: the settings, never the last interactive choices.
    const choices = resolveChoices({ picked, settings: config.optionDefaults, model });
    const options = finalizeOptions(choices, drawRandomSeed);
    if (!(await deps.keys.getOrAsk())) {
      throw new UserFacingError(vscode.l10n.t('Flux Redux needs a 1min.ai API key: run "Flux Redux: Set API Key…" first.'));
    }
    started = await startRun(deps, runParamsForPrepared(checked, model, options, deps.apiOrigin()), describePreparation(checked.upload));
  } finally {
    gallery?.release();
  }
  const { record, completion } = started;
  const finished = await completion;
  if (finished.phase !== 'done') {
    notifyFinished(deps, finished);
    throw new UserFacingError(describeUnfinished(finished));
  }
  const folder = deps.galleries.generationFolderUri(record.id);
  const results = finished.results
    .filter((r) => r.status === 'ready' && r.file && !r.notStored)
    .map((r) => vscode.Uri.joinPath(folder, r.file!));
  const heldInMemory = finished.results.filter((r) => r.status === 'ready' && r.notStored).length;
  if (heldInMemory > 0 && !settings.value.save) {
    // A script is promised files on disk; these exist only in this window until someone saves them.
    throw new UserFacingError(vscode.l10n.t(
      "{0} of the run's results could not be written to the extension's storage (is the disk full?). They are in the gallery: save them from there, or call again with {1}.",
      heldInMemory,
      '{ save: true }',
    ));
  }
  if (!settings.value.save) {
    return { generationId: record.id, results };
  }
  return { generationId: record.id, results, saved: await saveEveryResult(deps, record.id, uri) };
}

/**
 * Save all for a script: every ready result into the save folder of `folderSource`, recorded as
 * saved like the gallery's Save all records it. The first failure rejects with its words; what was
 * saved before stays saved and the rest stay in the gallery.
 */
async function saveEveryResult(deps: RunCommandDeps, generationId: string, folderSource: vscode.Uri): Promise<vscode.Uri[]> {
  // The latest record: the gallery may have saved a result meanwhile.
  const record = (await deps.runs.get(generationId))?.record;
  if (!record) {
    throw new UserFacingError(vscode.l10n.t('The run finished, but its record is gone, so nothing was saved.'));
  }
  const saved: vscode.Uri[] = [];
  for (const result of record.results.filter((r) => r.status === 'ready' && r.file)) {
    if (result.savedUri) {
      saved.push(vscode.Uri.parse(result.savedUri));
      continue;
    }
    const outcome = await deps.saver.saveWithoutAsking(record, result, folderSource);
    switch (outcome.kind) {
      case 'saved':
        result.savedTo = outcome.label;
        result.savedUri = outcome.uri.toString();
        await deps.runs.updateRecord(record.id, markResultSaved(result.id, outcome.label, outcome.uri.toString()));
        saved.push(outcome.uri);
        break;
      case 'failed':
        throw new UserFacingError(outcome.message);
      default:
        assertNever(outcome);
    }
  }
  return saved;
}

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export function describeUnfinished(record: GenerationRecord): string {
  switch (record.phase) {
    case 'cancelled':
      return record.generateStartedAt !== undefined
        ? vscode.l10n.t('The run was cancelled. The server may still finish it and charge for it.')
        : vscode.l10n.t('The run was cancelled before anything was charged.');
    case 'failed':
      return describeRunFailure(record.failure);
    default:
      return vscode.l10n.t('The run ended without results ({0}).', record.phase);
  }
}
