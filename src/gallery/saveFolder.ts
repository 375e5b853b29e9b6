/**
 * Where Save puts a result without asking: `fluxRedux.saveFolder`, relative to the folder of the
 * source the run started from, as long as that stays inside the source's workspace folder. Plain
 * paths in, so the rule is testable without VS Code; src/gallery/save.ts feeds it URIs' paths.
 */
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';

export type SaveFolderDecision =
  | { kind: 'folder'; path: string }
  /** No workspace folder holds the source (or no folder is open at all). */
  | { kind: 'outsideWorkspace' }
  /** The setting is an absolute path, which would ignore the workspace. */
  | { kind: 'absoluteSetting' }
  /** The setting climbs out of the source's workspace folder (e.g. `../../elsewhere`). */
  | { kind: 'leavesWorkspaceFolder' };

/**
 * The source whose folder a run's results save beside: its own, or for a Vary run (whose source is
 * a stored result in global storage) the first run's source, kept in the record as `lineageRoot`.
 */
export function rootSourceUri(record: { source: { uri: string }; lineageRoot?: { sourceUri: string } }): string {
  return record.lineageRoot?.sourceUri ?? record.source.uri;
}

/**
 * `sourcePath` and `workspaceFolderPath` are URI paths (forward slashes); `workspaceFolderPath` is
 * undefined when no workspace folder holds the source.
 */
export function decideSaveFolder(sourcePath: string, workspaceFolderPath: string | undefined, saveFolderSetting: string): SaveFolderDecision {
  if (workspaceFolderPath === undefined) {
    return { kind: 'outsideWorkspace' };
  }
  if (path.posix.isAbsolute(saveFolderSetting) || path.win32.isAbsolute(saveFolderSetting)) {
    return { kind: 'absoluteSetting' };
  }
  const sourceDir = path.posix.dirname(sourcePath);
  const target = path.posix.normalize(path.posix.join(sourceDir, saveFolderSetting.replace(/\\/g, '/')));
  const root = workspaceFolderPath.replace(/\/+$/, '');
  if (target !== root && !target.startsWith(`${root}/`)) {
    return { kind: 'leavesWorkspaceFolder' };
  }
  return { kind: 'folder', path: target };
}

/**
 * Why a script's `{ save: true }` cannot save without asking, and what to do instead. Scripts never
 * get a dialog, so this is said before anything is uploaded.
 */
export function noSaveFolderMessage(decision: Exclude<SaveFolderDecision, { kind: 'folder' }>, sourceName: string, saveFolderSetting: string): string {
  switch (decision.kind) {
    case 'outsideWorkspace':
      return l10n.t(
        'Cannot save the variations of {0} without asking: it is outside every workspace folder, so no save folder applies. Open its folder as a workspace folder, or call fluxRedux.createVariations without {1} and save the results yourself.',
        sourceName,
        '{ save: true }',
      );
    case 'absoluteSetting':
      return l10n.t(
        'Cannot save the variations of {0} without asking: fluxRedux.saveFolder ("{1}") is an absolute path, and only a folder inside the workspace is saved into. Make fluxRedux.saveFolder relative, or call fluxRedux.createVariations without {2}.',
        sourceName,
        saveFolderSetting,
        '{ save: true }',
      );
    case 'leavesWorkspaceFolder':
      return l10n.t(
        'Cannot save the variations of {0} without asking: fluxRedux.saveFolder ("{1}") leads outside the workspace folder that holds it. Make fluxRedux.saveFolder a folder inside the workspace, or call fluxRedux.createVariations without {2}.',
        sourceName,
        saveFolderSetting,
        '{ save: true }',
      );
    default:
      return assertNever(decision);
  }
}

