/** A stored run as one row of the history view: the host's words and file names, nothing else. */
import * as l10n from '@vscode/l10n';
import { MODEL_INFO } from '../options/parameters';
import { optionChips } from '../options/summary';
import type { LiveProgress } from '../runs/generationRun';
import type { GenerationRecord } from '../runs/record';
import type { HistoryRunOffer, HistoryRunView } from '../shared/historyProtocol';
import type { LineageView } from '../shared/protocol';
import { historyState } from './stateWords';
import { inWorkspace, parentDeleted } from './workspaceScope';

export interface RowContext {
  /** The start time in the user's words. */
  formatWhen(iso: string): string;
  /** The listed runs by id, to follow lineage; without it every run is its own root. */
  byId?(generationId: string): GenerationRecord | undefined;
  /** The open workspace folders as URI strings (*This workspace*). */
  workspaceFolders?: readonly string[];
  /** Compare paths ignoring case (the platform's file system does). */
  ignoreCase?: boolean;
  /** Epoch ms now: an unfinished record written lately reads as running in another window. */
  now?: number;
  /** Whether another window runs it, as its lease says (src/history/liveRuns.ts). */
  runningElsewhere?(generationId: string): boolean;
  /** Run Again's one-time offer for a run that has ended. */
  runAgain?(record: GenerationRecord): HistoryRunOffer | undefined;
  /** A Vary run's breadcrumb (src/runs/lineageView.ts); absent or undefined for a run from a file. */
  lineage?(record: GenerationRecord): LineageView | undefined;
  /** The one-time token of a stored result's Vary offer; absent: no Vary. */
  offerVary?(generationId: string, resultId: string): string;
  /** How long runs like this usually take (src/runs/estimates.ts), for the running row. */
  typicalSeconds?(record: GenerationRecord): number | undefined;
}

export function toHistoryRunView(record: GenerationRecord, live: LiveProgress | undefined, context: RowContext): HistoryRunView {
  const byId = (id: string) => context.byId?.(id);
  const typical = live && record.phase === 'generating' ? context.typicalSeconds?.(record) : undefined;
  const state = historyState(record, live, context.now, typical, context.runningElsewhere?.(record.id));
  const runAgain = state.kind === 'running' || state.kind === 'unfinished' ? undefined : context.runAgain?.(record);
  return {
    id: record.id,
    sourceName: record.source.name,
    ...(record.source.thumbnail ? { sourceThumbnail: record.source.thumbnail } : {}),
    createdAt: record.createdAt,
    when: context.formatWhen(record.createdAt),
    summary: optionChips(record.options, record.model)
      .map((chip) => chip.label)
      .join(l10n.t(' · ')),
    state,
    thumbs: record.results.flatMap((result) =>
      result.status === 'ready' && result.file
        ? [{
          resultId: result.id,
          index: result.index,
          ...(result.thumbnail ? { thumbnail: result.thumbnail } : {}),
          alt: l10n.t('Variation {0} of {1}', result.index, record.source.name),
          favourite: result.favourite === true,
          ...(context.offerVary ? { vary: { token: context.offerVary(record.id, result.id) } } : {}),
        }]
        : [],
    ),
    search: searchText(record),
    favourite: record.favourite === true,
    inWorkspace: inWorkspace(record, byId, context.workspaceFolders ?? [], context.ignoreCase),
    parentDeleted: parentDeleted(record, byId),
    ...(runAgain ? { runAgain } : {}),
    ...withLineage(context.lineage?.(record)),
  };
}

function withLineage(lineage: LineageView | undefined): { lineage?: LineageView } {
  return lineage ? { lineage } : {};
}

/**
 * What the filter box matches: the source's name, the seed (alone and as "seed 42"), the aspect
 * ratio, the format and the model (its id and its name). Lower case, one field a line, so no
 * word is made of the end of one field and the start of the next.
 */
export function searchText(record: GenerationRecord): string {
  const { options } = record;
  const model = MODEL_INFO[record.model]?.label ?? '';
  return [
    record.source.name,
    `${options.seed}\nseed ${options.seed}`,
    options.aspect_ratio,
    options.format,
    record.model,
    model,
  ]
    .join('\n')
    .toLowerCase();
}
