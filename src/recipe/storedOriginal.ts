/**
 * Finds the source a recipe was made from among the stored generations: a copy whose SHA-256 is
 * the recipe's `SourceSHA256`, so "Reproduce it exactly" sends what the model saw then, not a
 * re-read of a file that may have changed. Plain: the store arrives as functions.
 */
import { createHash } from 'node:crypto';
import type { GenerationRecord } from '../runs/record';
import { fileNameOnly, type Recipe } from './recipe';

/** The part of GenerationStore this needs. */
export interface StoredGenerations {
  load(id: string): Promise<GenerationRecord | undefined>;
  /** Newest first. */
  listIds(): Promise<string[]>;
  readFile(id: string, fileName: string): Promise<Uint8Array>;
}

export interface StoredOriginal {
  /** The generation whose stored source copy matched. */
  record: GenerationRecord;
  /** That copy's bytes, exactly what was uploaded. */
  bytes: Uint8Array;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function matchingCopy(store: StoredGenerations, record: GenerationRecord, sha256: string): Promise<StoredOriginal | undefined> {
  try {
    const bytes = await store.readFile(record.id, record.source.storedFile);
    return sha256Hex(bytes) === sha256 ? { record, bytes } : undefined;
  } catch {
    return undefined; // the copy is gone: not this one
  }
}

/**
 * The generation the recipe names comes first (the usual case: one record read, one file hashed).
 * Failing that (history cleared, storage moved), the other generations with a source of the same
 * name, newest first: hashing every stored source of a long history would hold up the quick pick
 * for seconds, and a copy of the same bytes under another name is rare.
 */
export async function findStoredOriginal(store: StoredGenerations, recipe: Recipe): Promise<StoredOriginal | undefined> {
  const sha256 = recipe.sourceSha256;
  if (!sha256) {
    return undefined;
  }
  const named = await store.load(recipe.generationId);
  const fromNamed = named ? await matchingCopy(store, named, sha256) : undefined;
  if (fromNamed) {
    return fromNamed;
  }
  for (const id of await store.listIds()) {
    if (id === recipe.generationId) {
      continue;
    }
    const record = await store.load(id);
    if (record && fileNameOnly(record.source.name) === recipe.sourceName) {
      const found = await matchingCopy(store, record, sha256);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}
