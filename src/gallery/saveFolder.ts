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
  | { kind: 'leavesWorkspaceFolder' }
  /** The folder is inside by its path, but a symbolic link on the way leads out (to `realPath`). */
  | { kind: 'linkLeavesWorkspaceFolder'; realPath: string };

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
  if (!isInside(target, workspaceFolderPath)) {
    return { kind: 'leavesWorkspaceFolder' };
  }
  return { kind: 'folder', path: target };
}

function isInside(target: string, folder: string): boolean {
  const root = folder.replace(/\/+$/, '');
  return target === root || target.startsWith(`${root}/`);
}

/** Resolves symbolic links in an existing path (fs.realpath); rejects with ENOENT when it does not exist. */
export type RealPath = (existingPath: string) => Promise<string>;

/**
 * The save folder as the file system will reach it: symbolic links followed, so a link inside the
 * workspace that points elsewhere (`variations -> /etc`) cannot carry saved files out of it. The
 * folder may not exist yet: its nearest existing ancestor is resolved and the rest appended.
 */
export async function followLinks(decision: SaveFolderDecision, workspaceFolderPath: string, realpath: RealPath): Promise<SaveFolderDecision> {
  if (decision.kind !== 'folder') {
    return decision;
  }
  const [realTarget, realRoot] = await Promise.all([realPathOfMaybeMissing(decision.path, realpath), realPathOfMaybeMissing(workspaceFolderPath, realpath)]);
  return isInside(realTarget, realRoot) ? decision : { kind: 'linkLeavesWorkspaceFolder', realPath: realTarget };
}

async function realPathOfMaybeMissing(target: string, realpath: RealPath): Promise<string> {
  const missing: string[] = [];
  let existing = target.replace(/\/+$/, '') || '/';
  for (;;) {
    try {
      const real = await realpath(existing);
      return missing.length === 0 ? real : path.posix.join(real, ...missing.reverse());
    } catch (error) {
      const parent = path.posix.dirname(existing);
      if ((error as { code?: unknown }).code !== 'ENOENT' || parent === existing) {
        throw error;
      }
      missing.push(path.posix.basename(existing));
      existing = parent;
    }
  }
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
    case 'linkLeavesWorkspaceFolder':
      return l10n.t(
        'Cannot save the variations of {0} without asking: fluxRedux.saveFolder ("{1}") goes through a symbolic link to {2}, outside the workspace folder that holds it. Make fluxRedux.saveFolder a real folder inside the workspace, or call fluxRedux.createVariations without {3}.',
        sourceName,
        saveFolderSetting,
        decision.realPath,
        '{ save: true }',
      );
    default:
      return assertNever(decision);
  }
}

