import * as vscode from 'vscode';
import { Commands } from '../constants';
import { createInteractively } from './interactiveRuns';
import type { RunCommandDeps } from './runCommandDeps';
import { createForScript } from './scriptRuns';

export type { CreateVariationsResult } from './scriptRuns';

/**
 * `fluxRedux.createVariations` (palette, and scripts when options are given) and
 * `fluxRedux.createVariationsFromResource` (explorer and editor menus): the arguments each caller
 * passes, turned into the images to use.
 */
export function registerCreateVariationsCommands(deps: RunCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.createVariations, (uri?: unknown, options?: unknown, settings?: unknown) =>
      options !== undefined
        ? createForScript(deps, scriptSourceUri(uri), options, settings)
        : createInteractively(deps, isUri(uri) ? [uri] : []),
    ),
    vscode.commands.registerCommand(Commands.createVariationsFromResource, (uri?: unknown, selection?: unknown) => {
      // Explorer menus pass (clicked, all selected); editor titles pass (resource, editor context).
      const selected = Array.isArray(selection) ? selection.filter(isUri) : [];
      const sources = selected.length > 1 ? selected : isUri(uri) ? [uri] : [];
      return createInteractively(deps, sources);
    }),
  );
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}

/** Scripts may name the image by Uri or by file path. */
function scriptSourceUri(value: unknown): vscode.Uri | undefined {
  if (isUri(value)) {
    return value;
  }
  return typeof value === 'string' && value.length > 0 ? vscode.Uri.file(value) : undefined;
}
