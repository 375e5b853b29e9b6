/**
 * *This workspace*: a run belongs to the open folders when its root ancestor's source is inside
 * one of them, so variations of variations stay with the image they started from. Lineage is
 * the record's `parent` (added by Vary); a run without one is its own root.
 */
import type { GenerationRecord } from '../runs/record';
import { isRecord } from '../shared/guards';

/** Which run and which of its results a run was made from. */
export interface ParentLink {
  generationId: string;
  resultIndex: number;
}

/**
 * The record's parent link, read defensively: records written before lineage existed, or by a
 * hand-edited file, have none or a malformed one.
 */
export function parentOf(record: GenerationRecord): ParentLink | undefined {
  const parent: unknown = (record as { parent?: unknown }).parent;
  return isRecord(parent) && typeof parent.generationId === 'string' && typeof parent.resultIndex === 'number'
    ? { generationId: parent.generationId, resultIndex: parent.resultIndex }
    : undefined;
}

/**
 * The oldest ancestor still stored (the run itself when it has no parent). A chain that loops
 * or reaches a deleted run stops at the last run it found.
 */
export function rootAncestor(record: GenerationRecord, byId: (id: string) => GenerationRecord | undefined): GenerationRecord {
  const seen = new Set<string>([record.id]);
  let current = record;
  for (let parent = parentOf(current); parent && !seen.has(parent.generationId); parent = parentOf(current)) {
    const next = byId(parent.generationId);
    if (!next) {
      break;
    }
    seen.add(next.id);
    current = next;
  }
  return current;
}

/** True when the run names a parent that is no longer stored: its row says *parent deleted*. */
export function parentDeleted(record: GenerationRecord, byId: (id: string) => GenerationRecord | undefined): boolean {
  const parent = parentOf(record);
  return parent !== undefined && byId(parent.generationId) === undefined;
}

/**
 * Whether a URI string lies inside one of the folders (URI strings as `Uri.toString()` makes
 * them). `ignoreCase` for file systems that do (Windows, macOS by default).
 */
export function isInsideFolders(uri: string, folders: readonly string[], ignoreCase = false): boolean {
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const target = fold(uri);
  return folders.some((folder) => {
    const base = fold(folder).replace(/\/+$/, '');
    return target === base || target.startsWith(`${base}/`);
  });
}

/** The run's *This workspace* answer: its root ancestor's source inside the open folders. */
export function inWorkspace(
  record: GenerationRecord,
  byId: (id: string) => GenerationRecord | undefined,
  folders: readonly string[],
  ignoreCase = false,
): boolean {
  return folders.length > 0 && isInsideFolders(rootAncestor(record, byId).source.uri, folders, ignoreCase);
}
