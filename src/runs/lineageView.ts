/**
 * A Vary run's ancestry as the breadcrumb the gallery header and the history rows show:
 * "Variation of harbour.png › variation 2 › variation 1", each crumb a link to the gallery that
 * holds it while that run exists. Plain code; the words go through @vscode/l10n.
 */
import * as l10n from '@vscode/l10n';
import type { LineageCrumbView, LineageView } from '../shared/protocol';
import { ancestryOf, linkedRuns, loadAncestors, type Ancestry, type AncestorStep } from './lineage';
import type { GenerationRecord } from './record';

/**
 * Where the crumbs go in the sentence. The webview splits the template there and puts the links
 * in; filling the placeholder with itself keeps the whole sentence one translatable message.
 */
const CRUMBS_PLACEHOLDER = '{0}';

function resultCrumb(step: AncestorStep): LineageCrumbView {
  const label = l10n.t('variation {0}', step.resultIndex);
  const holder = step.holder;
  if (!holder) {
    return { label, title: l10n.t('Variation {0} of a run that was deleted', step.resultIndex) };
  }
  const result = holder.results.find((r) => r.index === step.resultIndex);
  return {
    label,
    generationId: holder.id,
    ...(result ? { resultId: result.id } : {}),
    title: l10n.t('Open variation {0} of {1}', step.resultIndex, holder.source.name),
  };
}

export function lineageView(ancestry: Ancestry): LineageView {
  const crumbs: LineageCrumbView[] = [];
  const rootName = ancestry.rootName ?? l10n.t('a deleted run');
  crumbs.push(
    ancestry.root
      ? { label: rootName, generationId: ancestry.root.id, title: l10n.t('Open the gallery of {0}', rootName) }
      : { label: rootName },
  );
  if (ancestry.gap) {
    crumbs.push({ label: '…', title: l10n.t('Runs in between were deleted') });
  }
  crumbs.push(...ancestry.steps.map(resultCrumb));
  const template = l10n.t('Variation of {0}', CRUMBS_PLACEHOLDER);
  const separator = l10n.t(' › ');
  const note = ancestry.parentDeleted ? l10n.t('parent deleted') : undefined;
  const path = crumbs.map((crumb) => crumb.label).join(separator);
  const sentence = template.split(CRUMBS_PLACEHOLDER).join(path);
  return {
    template,
    crumbs,
    separator,
    ...(note ? { note } : {}),
    text: note ? l10n.t('{0} ({1})', sentence, note) : sentence,
  };
}

/** The Vary button's words for result `index`. */
export function varyWords(index: number): { label: string; title: string } {
  return {
    label: l10n.t('Vary'),
    title: l10n.t('A new run from variation {0}, its settings pre-selected', index),
  };
}

/** A run's breadcrumb and the runs its links may open; undefined for a run from a file. */
export interface ResolvedLineage {
  view: LineageView;
  links: Set<string>;
}

/** Reads the ancestors of `record` and makes its breadcrumb (a gallery does this when it opens). */
export async function resolveLineage(
  record: GenerationRecord,
  load: (generationId: string) => Promise<GenerationRecord | undefined>,
): Promise<ResolvedLineage | undefined> {
  if (!record.parent) {
    return undefined;
  }
  const ancestors = await loadAncestors(record, load);
  const ancestry = ancestryOf(record, (id) => ancestors.get(id));
  return ancestry && { view: lineageView(ancestry), links: linkedRuns(ancestry) };
}
