import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionConfig } from '../config';
import type { PreparedSource } from '../runs/runParams';
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

export async function readSource(uri: vscode.Uri): Promise<ReadSource | SourceProblem> {
  const name = path.posix.basename(uri.path) || uri.toString();
  try {
    // One read, no stat first: in remote and web setups every workspace.fs call is a round trip.
    return { uri, name, bytes: await vscode.workspace.fs.readFile(uri) };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileIsADirectory') {
      return { error: vscode.l10n.t('{0} is a folder. Choose a PNG, JPEG or WebP image.', name) };
    }
    return { error: vscode.l10n.t('Could not read {0}: {1}', name, error instanceof Error ? error.message : String(error)) };
  }
}

/** Scales, strips and converts a read source as the settings say. */
export async function prepareSource(deps: SourcePreparationDeps, read: ReadSource): Promise<PreparedSource | SourceProblem> {
  const config = deps.config();
  const prepared = await deps.preparedUploads.get(read.name, read.bytes, {
    downscale: config.downscaleBeforeUpload,
    keepMetadata: config.keepImageMetadata,
    maxUploadBytes: config.maxUploadBytes,
  }).catch((error: unknown) => ({
    ok: false as const,
    message: vscode.l10n.t('{0} could not be prepared for upload: {1}', read.name, error instanceof Error ? error.message : String(error)),
  }));
  return prepared.ok ? { uri: read.uri.toString(), name: read.name, upload: prepared.upload } : { error: prepared.message };
}

/** Reads and prepares a source; the result says what went wrong in the user's words. */
export async function checkSource(deps: SourcePreparationDeps, uri: vscode.Uri): Promise<PreparedSource | SourceProblem> {
  const read = await readSource(uri);
  return 'error' in read ? read : prepareSource(deps, read);
}
