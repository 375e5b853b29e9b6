import * as path from 'path';
import * as vscode from 'vscode';
import type { StoredResult } from '../runs/record';
import { isGenerationId } from '../runs/generationIds';

/**
 * What the galleries read from outside a run: where a saved result's file is now, which file an
 * editor tab shows, and which generation a restored panel's state names.
 */

/**
 * The saved file of a result if it is still there. Records saved before `savedUri` existed hold
 * only the label: absolute, or relative to a workspace folder (prefixed with its name when
 * several are open).
 */
export async function savedFileOf(result: StoredResult): Promise<vscode.Uri | undefined> {
  const candidates: vscode.Uri[] = [];
  if (result.savedUri) {
    candidates.push(vscode.Uri.parse(result.savedUri));
  } else if (result.savedTo && path.isAbsolute(result.savedTo)) {
    candidates.push(vscode.Uri.file(result.savedTo));
  } else if (result.savedTo) {
    const label = result.savedTo;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      candidates.push(vscode.Uri.joinPath(folder.uri, label));
      if (label.startsWith(`${folder.name}/`)) {
        candidates.push(vscode.Uri.joinPath(folder.uri, label.slice(folder.name.length + 1)));
      }
    }
  }
  for (const uri of candidates) {
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // Not there: try the next reading of the label.
    }
  }
  return undefined;
}

/** The file a tab shows: a text editor, the image preview (a custom editor) or a notebook. */
export function tabUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputNotebook) {
    return input.uri;
  }
  return undefined;
}

/** The generation a restored gallery panel's state names (the webview keeps its last view there). */
export function generationIdFromState(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) {
    return undefined;
  }
  const s = state as { generationId?: unknown; view?: { generationId?: unknown } };
  const id = s.view?.generationId ?? s.generationId;
  return isGenerationId(id) ? id : undefined;
}
