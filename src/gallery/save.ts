import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { firstFreeVariationName, noFreeNameMessage, variationNameCandidates } from './fileNames';
import type { SaveDialog } from '../notifier';
import { decideSaveFolder, followLinks, noSaveFolderMessage, rootSourceUri, type SaveFolderDecision } from './saveFolder';
import { bytesToSave } from '../recipe/savedBytes';
import type { GenerationRecord, StoredResult } from '../runs/record';
import { errorMessage } from '../shared/errorMessage';
import { extensionOf as extensionOfFormat, extensionsOf, formatName, formatOfExtension } from '../shared/imageFormat';

export interface SaveDeps {
  /** A stored file of a generation; from memory when global storage refused it (GenerationStore.readFile). */
  readGenerationFile(generationId: string, fileName: string): Promise<Uint8Array>;
  saveFolderSetting(): string;
  /** fluxRedux.embedRecipe, read at each save. */
  embedRecipe(): boolean;
  /** The extension's version (package.json), written into the recipe. */
  toolVersion: string;
  log(message: string): void;
  /** Asked when there is no save folder (no workspace, outside it) and for Save As…. */
  saveDialog(): SaveDialog;
}

export type SaveOutcome =
  | { kind: 'saved'; uri: vscode.Uri; label: string }
  | { kind: 'declined' }
  | { kind: 'failed'; message: string };

/** Saving into the save folder never asks, so it is never declined. */
export type FolderSaveOutcome = Exclude<SaveOutcome, { kind: 'declined' }>;

/** The Save As… dialog's filter for a file with this extension, e.g. "JPEG image" (*.jpg, *.jpeg). */
function formatFilters(extension: string): Record<string, string[]> | undefined {
  const format = formatOfExtension(extension);
  return format === undefined ? undefined : { [`${formatName(format)} image`]: [...extensionsOf(format)] };
}

/**
 * Whether a save folder applies to a source, and which (src/gallery/saveFolder.ts). On the local
 * disk symbolic links are followed; other file systems have none that `workspace.fs` would follow.
 */
export async function saveFolderDecision(sourceUri: vscode.Uri, saveFolderSetting: string): Promise<SaveFolderDecision> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(sourceUri)?.uri;
  const decision = decideSaveFolder(sourceUri.path, workspaceFolder?.path, saveFolderSetting);
  if (sourceUri.scheme !== 'file' || workspaceFolder?.scheme !== 'file') {
    return decision;
  }
  const realUriPath = async (uriPath: string) => vscode.Uri.file(await fs.realpath(vscode.Uri.file('/').with({ path: uriPath }).fsPath)).path;
  return followLinks(decision, workspaceFolder.path, realUriPath);
}

/**
 * The save folder for a source, or undefined when Save must ask instead: no workspace folder
 * holds the source, or the setting (or a symbolic link on its way) would lead outside that folder.
 */
export async function resolveSaveFolder(sourceUri: vscode.Uri, saveFolder: string, log?: (message: string) => void): Promise<vscode.Uri | undefined> {
  const decision = await saveFolderDecision(sourceUri, saveFolder).catch((error: unknown) => {
    log?.(`The save folder could not be resolved (${errorMessage(error)}); asking where to save instead.`);
    return undefined;
  });
  if (decision?.kind === 'linkLeavesWorkspaceFolder') {
    log?.(`fluxRedux.saveFolder leads through a symbolic link to ${decision.realPath}, outside the workspace folder; asking where to save instead.`);
  }
  return decision?.kind === 'folder' ? sourceUri.with({ path: decision.path, query: '', fragment: '' }) : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function describeFsError(error: unknown): string {
  if (error instanceof vscode.FileSystemError) {
    switch (error.code) {
      case 'NoPermissions':
        return vscode.l10n.t('the folder is read-only or you lack permission');
      case 'FileExists':
        return vscode.l10n.t('a file of that name appeared meanwhile');
      case 'Unavailable':
        return vscode.l10n.t('the file system is unavailable');
    }
  }
  const message = errorMessage(error);
  if (/ENOSPC|no space/i.test(message)) {
    return vscode.l10n.t('the disk is full');
  }
  if (/EROFS|EACCES|EPERM|read-?only|permission/i.test(message)) {
    return vscode.l10n.t('the folder is read-only or you lack permission');
  }
  return message;
}

/**
 * Saving results into the workspace through `workspace.fs` (works on remote and virtual file
 * systems). Saves are serialised so two clicks never pick the same free name.
 */
export class ResultSaver {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SaveDeps) {}

  save(record: GenerationRecord, result: StoredResult): Promise<SaveOutcome> {
    return this.serialised(async () => {
      const folder = await resolveSaveFolder(vscode.Uri.parse(rootSourceUri(record)), this.deps.saveFolderSetting(), (message) => this.deps.log(message));
      return folder
        ? this.saveToFolder(record, result, folder)
        : this.askAndWrite(record, result, await this.suggestedUri(record, result));
    });
  }

  /**
   * Save for scripts: into the save folder of `folderSource` (the source the run started from; for
   * a run from a stored result, its root ancestor's source), never asking. Where no save folder
   * applies it fails with the reason instead of showing a dialog.
   */
  saveWithoutAsking(record: GenerationRecord, result: StoredResult, folderSource: vscode.Uri): Promise<FolderSaveOutcome> {
    return this.serialised(async () => {
      const setting = this.deps.saveFolderSetting();
      const decision = await saveFolderDecision(folderSource, setting).catch((error: unknown) => {
        this.deps.log(`The save folder could not be resolved: ${errorMessage(error)}`);
        return { kind: 'leavesWorkspaceFolder' } as const;
      });
      if (decision.kind !== 'folder') {
        return { kind: 'failed', message: noSaveFolderMessage(decision, record.source.name, setting) };
      }
      return this.saveToFolder(record, result, folderSource.with({ path: decision.path, query: '', fragment: '' }));
    });
  }

  saveAs(record: GenerationRecord, result: StoredResult): Promise<SaveOutcome> {
    return this.serialised(async () => {
      const suggested = await this.suggestedUri(record, result);
      return this.askAndWrite(record, result, suggested);
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async saveToFolder(record: GenerationRecord, result: StoredResult, folder: vscode.Uri): Promise<FolderSaveOutcome> {
    let target: vscode.Uri | undefined;
    try {
      await vscode.workspace.fs.createDirectory(folder);
      if (!result.file) {
        return notDownloaded(result);
      }
      const bytes = await this.bytesToSave(record, result.file, result.index);
      const temporary = await writeTemporary(folder, bytes);
      let placed = false;
      try {
        for (const name of variationNameCandidates(record.source.name, result.index, extensionOf(result))) {
          target = vscode.Uri.joinPath(folder, name);
          if (await exists(target)) {
            continue;
          }
          if (await moveIfFree(temporary, target)) {
            placed = true;
            return this.saved(record, result, target);
          }
        }
      } finally {
        if (!placed) {
          await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
        }
      }
      throw new Error(noFreeNameMessage(record.source.name));
    } catch (error) {
      return this.failure(result, target ?? folder, error);
    }
  }

  private async suggestedUri(record: GenerationRecord, result: StoredResult): Promise<vscode.Uri> {
    const sourceUri = vscode.Uri.parse(rootSourceUri(record));
    const folder =
      (await resolveSaveFolder(sourceUri, this.deps.saveFolderSetting())) ??
      vscode.workspace.workspaceFolders?.[0]?.uri ??
      vscode.Uri.file(os.homedir());
    const name = await firstFreeVariationName(record.source.name, result.index, extensionOf(result), (candidate) =>
      exists(vscode.Uri.joinPath(folder, candidate)),
    ).catch(() => `variation-${result.index}.${extensionOf(result)}`);
    return vscode.Uri.joinPath(folder, name);
  }

  private async askAndWrite(record: GenerationRecord, result: StoredResult, suggested: vscode.Uri): Promise<SaveOutcome> {
    const target = await this.deps.saveDialog().ask({
      defaultUri: suggested,
      filters: formatFilters(extensionOf(result)),
      title: vscode.l10n.t('Save Variation {0} of {1}', result.index, record.source.name),
      saveLabel: vscode.l10n.t('Save'),
    });
    if (!target) {
      return { kind: 'declined' };
    }
    try {
      const parent = target.with({ path: path.posix.dirname(target.path) });
      await vscode.workspace.fs.createDirectory(parent);
      return await this.write(record, result, target);
    } catch (error) {
      return this.failure(result, target, error);
    }
  }

  /** Save As…: the dialog already asked before replacing an existing file, so this may overwrite. */
  private async write(record: GenerationRecord, result: StoredResult, target: vscode.Uri): Promise<SaveOutcome> {
    if (!result.file) {
      return notDownloaded(result);
    }
    await vscode.workspace.fs.writeFile(target, await this.bytesToSave(record, result.file, result.index));
    return this.saved(record, result, target);
  }

  /** The stored result, with its recipe unless fluxRedux.embedRecipe is off (src/recipe/savedBytes.ts). */
  private bytesToSave(record: GenerationRecord, resultFile: string, resultIndex: number): Promise<Uint8Array> {
    return bytesToSave(record, resultFile, resultIndex, {
      readGenerationFile: (id, fileName) => this.deps.readGenerationFile(id, fileName),
      embedRecipe: this.deps.embedRecipe(),
      toolVersion: this.deps.toolVersion,
      log: (message) => this.deps.log(message),
    });
  }

  private saved(record: GenerationRecord, result: StoredResult, target: vscode.Uri): FolderSaveOutcome {
    const label = vscode.workspace.asRelativePath(target);
    this.deps.log(`Saved variation ${result.index} of generation ${record.id} to ${label}`);
    return { kind: 'saved', uri: target, label };
  }

  private failure(result: StoredResult, target: vscode.Uri, error: unknown): FolderSaveOutcome {
    const where = vscode.workspace.asRelativePath(target);
    const message = vscode.l10n.t(
      'Could not save variation {0} to {1}: {2}. The result stays in the gallery; try Save As… to pick another place.',
      result.index,
      where,
      describeFsError(error),
    );
    this.deps.log(message);
    return { kind: 'failed', message };
  }
}

function notDownloaded(result: StoredResult): FolderSaveOutcome {
  return { kind: 'failed', message: vscode.l10n.t('Variation {0} has not been downloaded yet.', result.index) };
}

/**
 * The bytes under a hidden temporary name in the folder they are saved into, so that the move to
 * the real name stays on one file system (a rename, not a copy).
 */
async function writeTemporary(folder: vscode.Uri, bytes: Uint8Array): Promise<vscode.Uri> {
  const temporary = vscode.Uri.joinPath(folder, `.flux-redux-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  await vscode.workspace.fs.writeFile(temporary, bytes);
  return temporary;
}

/**
 * Gives the temporary file the name `target` only if no file of that name exists.
 * `workspace.fs.writeFile` has no create-only flag, but a rename with `overwrite: false` is
 * refused with FileExists by the file service at the moment of the rename, on local, remote and
 * virtual file systems alike. Returns false when the name was taken meanwhile, so the caller tries
 * the next. (No API reaches O_EXCL; between the service's check and its rename another program
 * could still create the file, a window far narrower than a stat here and a write later.)
 */
async function moveIfFree(temporary: vscode.Uri, target: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.rename(temporary, target, { overwrite: false });
    return true;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileExists') {
      return false;
    }
    throw error;
  }
}

function extensionOf(result: StoredResult): string {
  const fromFile = result.file ? path.posix.extname(result.file).slice(1) : '';
  return fromFile || extensionOfFormat(result.format ?? 'png');
}
