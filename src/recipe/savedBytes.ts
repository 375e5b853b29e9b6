/**
 * The bytes a result is saved into the workspace with: the stored result with its recipe in it,
 * or, with `fluxRedux.embedRecipe` off, exactly the bytes the server sent. The stored copies are
 * only read, never changed. A result whose container cannot take the recipe is still saved, as
 * it is, with a log line: the file matters more than its label. Plain: no `vscode`.
 */
import { createHash } from 'node:crypto';
import type { GenerationRecord } from '../runs/record';
import { errorMessage } from '../shared/errorMessage';
import { withRecipe } from './embed';
import { recipeOf } from './recipe';

export interface SavedBytesDeps {
  /** A file of the generation folder in global storage. */
  readGenerationFile(generationId: string, fileName: string): Promise<Uint8Array>;
  embedRecipe: boolean;
  /** The extension's version, from package.json. */
  toolVersion: string;
  log(message: string): void;
}

export async function bytesToSave(record: GenerationRecord, resultFile: string, resultIndex: number, deps: SavedBytesDeps): Promise<Uint8Array> {
  const stored = await deps.readGenerationFile(record.id, resultFile);
  if (!deps.embedRecipe) {
    return stored;
  }
  let sourceSha256: string | undefined;
  try {
    // The stored source copy holds exactly the bytes that were uploaded.
    sourceSha256 = createHash('sha256').update(await deps.readGenerationFile(record.id, record.source.storedFile)).digest('hex');
  } catch (error) {
    deps.log(`The recipe of variation ${resultIndex} of generation ${record.id} has no source hash: the stored source could not be read (${errorMessage(error)}).`);
  }
  const embedding = withRecipe(stored, recipeOf(record, { toolVersion: deps.toolVersion, sourceSha256 }));
  if (!embedding.ok) {
    deps.log(`Variation ${resultIndex} of generation ${record.id} is saved without its recipe: ${embedding.reason}.`);
    return stored;
  }
  return embedding.bytes;
}
