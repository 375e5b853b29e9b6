import * as path from 'path';
import type * as vscode from 'vscode';
import type { PreparedSource } from '../runs/runParams';
import { assertNever } from '../shared/guards';
import { sniffImage } from '../shared/imageFormat';
import { readSourceRecipe, type RecipeInFile } from '../recipe/readRecipe';
import { verdictOnContent, type RefusedSource } from './earlyChecks';
import { prepareSource, readSource, sourceLimits, type SourcePreparationDeps, type SourceProblem } from './prepareSource';

/** A chosen file that passed the cheap checks, being prepared. */
export interface UsableSource {
  uri: vscode.Uri;
  name: string;
  /** From the header of a PNG, JPEG or WebP (the first step offers its aspect ratio). */
  size?: { width: number; height: number };
  /** The recipe the file carries, read before preparation strips its metadata. */
  recipe: RecipeInFile;
  /** Scaling and converting run while the user answers the quick picks. */
  preparing: Promise<PreparedSource | SourceProblem>;
}

export interface SourcesBeforeAsking {
  usable: UsableSource[];
  refused: RefusedSource[];
}

/**
 * Reads every chosen file and refuses, before any question, those the cheap checks (size, magic
 * bytes, completeness) already rule out; the rest start preparing. Keeps the order of `uris`.
 */
export async function sourcesBeforeAsking(deps: SourcePreparationDeps, uris: readonly vscode.Uri[]): Promise<SourcesBeforeAsking> {
  const limits = sourceLimits(deps.config());
  const outcomes = await Promise.all(
    uris.map(async (uri): Promise<UsableSource | RefusedSource> => {
      const read = await readSource(uri, limits);
      if ('error' in read) {
        return { name: sourceName(uri), reason: read.error };
      }
      const verdict = verdictOnContent(read.name, read.bytes, limits);
      switch (verdict.kind) {
        case 'refuse':
          return { name: read.name, reason: verdict.message };
        case 'ask':
          return { uri, name: read.name, size: sniffImage(read.bytes), recipe: readSourceRecipe(read.bytes), preparing: prepareSource(deps, read) };
        case 'prepareFirst': {
          const prepared = await prepareSource(deps, read);
          return 'error' in prepared
            ? { name: read.name, reason: prepared.error }
            : { uri, name: read.name, size: sniffImage(read.bytes), recipe: readSourceRecipe(read.bytes), preparing: Promise.resolve(prepared) };
        }
        default:
          return assertNever(verdict);
      }
    }),
  );
  return {
    usable: outcomes.filter((outcome): outcome is UsableSource => 'preparing' in outcome),
    refused: outcomes.filter((outcome): outcome is RefusedSource => 'reason' in outcome),
  };
}

function sourceName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path) || uri.toString();
}
