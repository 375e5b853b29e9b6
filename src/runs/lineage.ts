/**
 * Lineage: a Vary run starts from a stored result of another run, and its record keeps that
 * parent. Walking the parents from a run gives its ancestry, which the gallery header and the
 * history show as one breadcrumb (src/runs/lineageView.ts). Plain code: records are looked up
 * through a function, so the history (all records in memory) and a gallery (records read from
 * disk) walk the same way.
 */
import type { GenerationRecord, LineageRoot, ParentRef } from './record';

/** Deeper chains are cut (a corrupt record could point in a circle; nobody varies 64 times over). */
export const MAX_LINEAGE_DEPTH = 64;

/** The lineage fields of a run made from result `resultIndex` of `parent`. */
export function lineageOfVary(parent: GenerationRecord, resultIndex: number): { parent: ParentRef; lineageRoot: LineageRoot } {
  return {
    parent: { generationId: parent.id, resultIndex },
    lineageRoot: rootOf(parent),
  };
}

/**
 * The first run of a chain and its source: a Vary run's copy of it, or the run itself when it
 * started from a file. Saves of every run in the chain go beside that source.
 */
export function rootOf(record: GenerationRecord): LineageRoot {
  return record.lineageRoot ?? { generationId: record.id, sourceName: record.source.name, sourceUri: record.source.uri };
}

/** One result on the way from the first run to this one. */
export interface AncestorStep {
  /** The run that made the result. */
  generationId: string;
  /** The result's 1-based number in that run. */
  resultIndex: number;
  /** That run's record, when it still exists. */
  holder?: GenerationRecord;
}

export interface Ancestry {
  /** The first run's source name; undefined when the chain broke and no copy of it was kept. */
  rootName?: string;
  /** The first run, when its record still exists (its gallery can open). */
  root?: GenerationRecord;
  /** Oldest first; the last step is the parent's result. */
  steps: AncestorStep[];
  /** Some runs between the first and the oldest known step are gone, and how many is unknown. */
  gap: boolean;
  /** The parent's run no longer exists. */
  parentDeleted: boolean;
}

export type RecordLookup = (generationId: string) => GenerationRecord | undefined;

/** The ancestry of a Vary run; undefined for a run from a file. */
export function ancestryOf(record: GenerationRecord, lookup: RecordLookup): Ancestry | undefined {
  if (!record.parent) {
    return undefined;
  }
  const steps: AncestorStep[] = [];
  const seen = new Set([record.id]);
  let ref: ParentRef | undefined = record.parent;
  let root: GenerationRecord | undefined;
  // The run the walk could not go past (deleted, or a loop in corrupt records).
  let brokenAt: string | undefined;
  while (ref) {
    if (seen.has(ref.generationId) || steps.length >= MAX_LINEAGE_DEPTH) {
      brokenAt = ref.generationId;
      break;
    }
    seen.add(ref.generationId);
    const holder = lookup(ref.generationId);
    steps.unshift({ generationId: ref.generationId, resultIndex: ref.resultIndex, holder });
    if (!holder) {
      brokenAt = ref.generationId;
      break;
    }
    if (!holder.parent) {
      root = holder;
      break;
    }
    ref = holder.parent;
  }
  const parentDeleted = steps[steps.length - 1]?.holder === undefined;
  if (root) {
    return { rootName: root.source.name, root, steps, gap: false, parentDeleted };
  }
  const known = record.lineageRoot;
  // When the run the walk stopped at is the first run itself, nothing lies before it.
  const missingIsRoot = known !== undefined && brokenAt === known.generationId && steps[0]?.holder === undefined;
  // The first run may still be there though a run in between was deleted.
  const survivingRoot = known && !missingIsRoot ? lookup(known.generationId) : undefined;
  return {
    rootName: survivingRoot?.source.name ?? known?.sourceName,
    ...(survivingRoot ? { root: survivingRoot } : {}),
    steps,
    gap: !missingIsRoot,
    parentDeleted,
  };
}

/**
 * Reads the records of a run's ancestors (oldest last), stopping at the first that is gone, so
 * `ancestryOf` can then walk them without waiting. A gallery does this once when it opens.
 */
export async function loadAncestors(
  record: GenerationRecord,
  load: (generationId: string) => Promise<GenerationRecord | undefined>,
): Promise<Map<string, GenerationRecord>> {
  const found = new Map<string, GenerationRecord>();
  let ref = record.parent;
  while (ref && !found.has(ref.generationId) && ref.generationId !== record.id && found.size < MAX_LINEAGE_DEPTH) {
    const holder = await load(ref.generationId).catch(() => undefined);
    if (!holder) {
      break;
    }
    found.set(holder.id, holder);
    ref = holder.parent;
  }
  const root = record.lineageRoot?.generationId;
  if (root !== undefined && !found.has(root) && root !== record.id) {
    const holder = await load(root).catch(() => undefined);
    if (holder) {
      found.set(holder.id, holder);
    }
  }
  return found;
}

/** Every run a breadcrumb of `ancestry` may open: the only ids a gallery accepts from its links. */
export function linkedRuns(ancestry: Ancestry | undefined): Set<string> {
  const ids = new Set<string>();
  if (ancestry?.root) {
    ids.add(ancestry.root.id);
  }
  for (const step of ancestry?.steps ?? []) {
    if (step.holder) {
      ids.add(step.generationId);
    }
  }
  return ids;
}
