import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionConfig } from '../config';
import type { PreparedSource } from '../runs/runParams';
import { refusalBySize, type SourceLimits } from './earlyChecks';
import type { PreparedUploads } from './preparedUploads';

/** A source file as read, before anything is decided about it. */
export interface ReadSource {
  uri: vscode.Uri;
  name: string;
  bytes: Uint8Array;
}

/** Why a source cannot be used, in the user's words. */
export interface SourceProblem {
  error: string;
}

export interface SourcePreparationDeps {
  /** Created once per extension host, so repeat runs on one image skip the work. */
  preparedUploads: PreparedUploads;
  config(): ExtensionConfig;
}

/**
 * Reads a source whole, after a stat: a folder, or a file larger than anything that could be
 * used, is refused before a byte of it is read.
 */
export async function readSource(uri: vscode.Uri, limits: SourceLimits): Promise<ReadSource | SourceProblem> {
  const name = path.posix.basename(uri.path) || uri.toString();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      return folderProblem(name);
    }
    const tooLarge = refusalBySize(name, stat.size, limits);
    if (tooLarge) {
      return { error: tooLarge };
    }
    return { uri, name, bytes: await vscode.workspace.fs.readFile(uri) };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileIsADirectory') {
      return folderProblem(name);
    }
    return { error: vscode.l10n.t('Could not read {0}: {1}', name, error instanceof Error ? error.message : String(error)) };
  }
}

function folderProblem(name: string): SourceProblem {
  return { error: vscode.l10n.t('{0} is a folder. Choose a PNG, JPEG or WebP image.', name) };
}

/** What prepareUpload is told; also what the checks before asking go by. */
export function sourceLimits(config: ExtensionConfig): SourceLimits {
  return {
    downscale: config.downscaleBeforeUpload,
    keepMetadata: config.keepImageMetadata,
    maxUploadBytes: config.maxUploadBytes,
  };
}

/** Scales, strips and converts a read source as the settings say. */
export async function prepareSource(deps: SourcePreparationDeps, read: ReadSource): Promise<PreparedSource | SourceProblem> {
  const config = deps.config();
  const prepared = await deps.preparedUploads.get(read.name, read.bytes, sourceLimits(config)).catch((error: unknown) => ({
    ok: false as const,
    message: vscode.l10n.t('{0} could not be prepared for upload: {1}', read.name, error instanceof Error ? error.message : String(error)),
  }));
  return prepared.ok ? { uri: read.uri.toString(), name: read.name, upload: prepared.upload } : { error: prepared.message };
}

/** Reads and prepares a source; the result says what went wrong in the user's words. */
export async function checkSource(deps: SourcePreparationDeps, uri: vscode.Uri): Promise<PreparedSource | SourceProblem> {
  const read = await readSource(uri, sourceLimits(deps.config()));
  return 'error' in read ? read : prepareSource(deps, read);
}
