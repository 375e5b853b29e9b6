import * as vscode from 'vscode';
import { Commands } from '../constants';
import { actionLabel } from '../runs/runActions';
import type { StartedRun, StartRunParams } from '../runs/runManager';
import type { RunCommandDeps } from './runCommandDeps';

/**
 * Starts a run and opens its gallery. `how` says in the log what became of the source
 * (e.g. "downscaled", "stored copy").
 */
export async function startRun(
  deps: Pick<RunCommandDeps, 'runs' | 'log' | 'galleries'>,
  params: StartRunParams,
  how: string,
): Promise<StartedRun> {
  const started = await deps.runs.start(params);
  const { source, upload } = params;
  deps.log.info(
    `Generation ${started.record.id}: ${source.name} (${how}, ${source.width}×${source.height}, ${upload.bytes.byteLength} bytes sent), ${params.model}, ${JSON.stringify(params.options)}`,
  );
  deps.galleries.show(started.record.id, { sourceName: source.name, sourceUri: source.uri, preserveFocus: false });
  return started;
}

/** The key, asked for if there is none; without one the user is told, with a way to set it. */
export async function haveApiKeyOrSay(deps: Pick<RunCommandDeps, 'keys' | 'notifier'>): Promise<boolean> {
  if (await deps.keys.getOrAsk()) {
    return true;
  }
  const setKey = actionLabel('setApiKey');
  void deps.notifier
    .warn(vscode.l10n.t('Flux Redux needs a 1min.ai API key to make variations.'), setKey)
    .then((answer) => answer === setKey && vscode.commands.executeCommand(Commands.setApiKey));
  return false;
}
