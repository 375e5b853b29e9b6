import * as vscode from 'vscode';
import { describePreparation } from '../imaging/prepareUpload';
import { drawRandomSeed, finalizeOptions, resolveChoices } from '../options/resolve';
import { validateScriptOptions } from '../options/validate';
import { describeRunFailure } from '../runs/failureText';
import type { GenerationRecord } from '../runs/record';
import { runParamsForPrepared } from '../runs/runParams';
import { checkSource } from '../source/prepareSource';
import type { RunCommandDeps } from './runCommandDeps';
import { notifyFinished } from './runNotifications';
import { startRun } from './startRun';

/** What scripts get back from `fluxRedux.createVariations(uri, options)`. */
export interface CreateVariationsResult {
  generationId: string;
  results: vscode.Uri[];
}

/** Thrown to scripts with the words the user would see. */
export class UserFacingError extends Error {}

/**
 * `fluxRedux.createVariations(uri, options)`: runs without asking anything and resolves when the
 * results are on disk, or rejects with the reason in the user's words.
 */
export async function createForScript(deps: RunCommandDeps, uri: vscode.Uri | undefined, optionsArgument: unknown): Promise<CreateVariationsResult> {
  const validated = validateScriptOptions(optionsArgument);
  if (!validated.ok) {
    throw new UserFacingError(validated.message);
  }
  if (!uri) {
    throw new UserFacingError(vscode.l10n.t('fluxRedux.createVariations needs the image as its first argument (a Uri) when options are given.'));
  }
  const checked = await checkSource(deps, uri);
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
  const { record, completion } = await startRun(deps, runParamsForPrepared(checked, model, options, deps.apiOrigin()), describePreparation(checked.upload));
  const finished = await completion;
  if (finished.phase !== 'done') {
    notifyFinished(deps, finished);
    throw new UserFacingError(describeUnfinished(finished));
  }
  const folder = deps.galleries.generationFolderUri(record.id);
  return {
    generationId: record.id,
    results: finished.results
      .filter((r) => r.status === 'ready' && r.file)
      .map((r) => vscode.Uri.joinPath(folder, r.file!)),
  };
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
