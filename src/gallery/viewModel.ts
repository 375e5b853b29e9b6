import type { ActionId, ActionView, GalleryView, LineageView, PaidActionId, ResultView, RunStateView } from '../shared/protocol';
import { isPaidAction } from '../shared/protocol';
import { offersOfView } from './runOffers';
import { optionChips } from '../options/summary';
import type { GenerationRecord } from '../runs/record';
import { mayHaveBeenCharged } from '../runs/record';
import { describeResultFailure, describeRunFailure } from '../runs/failureText';
import { canFetchLater } from '../runs/runActions';
import type { LiveProgress } from '../runs/generationRun';
import { varyWords } from '../runs/lineageView';

export interface ViewContext {
  /** A webview URI for a file of the generation folder. */
  fileSrc(fileName: string): string;
  actionLabel(action: ActionId): string;
  /** Set when the API origin is a local stand-in, with the words to show. */
  emulatorNotice?: string;
  /** One-time tokens for the paid actions the view offers (src/gallery/runOffers.ts). */
  offer?(actions: readonly PaidActionId[]): Map<PaidActionId, string>;
  /** The one-time token of a ready result's Vary offer (src/commands/varyOffers.ts); absent: no Vary. */
  offerVary?(resultId: string): string;
  /** The breadcrumb of a Vary run, resolved by the panel (its ancestors are read from disk). */
  lineage?: LineageView;
  /** How long runs like this one usually take (src/runs/estimates.ts); undefined when too few ran. */
  typicalSeconds?(): number | undefined;
}

function stateView(record: GenerationRecord, progress: LiveProgress, context: ViewContext): RunStateView {
  const charged = mayHaveBeenCharged(record);
  switch (record.phase) {
    case 'queued':
      return { kind: 'queued', position: progress.queuePosition ?? 1 };
    case 'uploading':
      return { kind: 'uploading', percent: progress.uploadPercent ?? 0 };
    case 'generating': {
      // Only from the user's own past runs: a formula that made one up was wrong by a factor of seven.
      const typicalSeconds = context.typicalSeconds?.();
      return {
        kind: 'generating',
        startedAt: record.generateStartedAt ?? Date.now(),
        ...(typicalSeconds !== undefined ? { typicalSeconds } : {}),
      };
    }
    case 'downloading':
      return {
        kind: 'downloading',
        done: record.results.filter((r) => r.status !== 'pending').length,
        total: record.results.length,
      };
    case 'done':
      return { kind: 'done', withheld: record.withheld ?? 0 };
    case 'failed': {
      // Paid actions come as offers with a token (the header), never as plain buttons.
      const actions: ActionView[] = (record.failure?.actions ?? []).filter((id) => !isPaidAction(id)).map((id) => ({
        id,
        label: context.actionLabel(id),
      }));
      return {
        kind: 'failed',
        message: describeRunFailure(record.failure),
        actions,
        mayBeCharged: charged,
      };
    }
    case 'cancelled':
    case 'interrupted': {
      const actions: ActionView[] = canFetchLater(record) ? [{ id: 'fetchLater', label: context.actionLabel('fetchLater') }] : [];
      return { kind: record.phase, mayBeCharged: charged, actions };
    }
  }
}

function resultViews(record: GenerationRecord, context: ViewContext): ResultView[] {
  if (record.results.length === 0 && (record.phase === 'queued' || record.phase === 'uploading' || record.phase === 'generating')) {
    // Placeholders hold the grid's shape until the server says how many came back.
    return Array.from({ length: record.options.num_outputs }, (_, i) => ({
      id: `r${i + 1}`,
      index: i + 1,
      status: 'pending' as const,
    }));
  }
  return record.results.map((result) => ({
    id: result.id,
    index: result.index,
    status: result.status,
    // A result only this window holds has no file to point at: its bytes come in a message.
    src: result.status === 'ready' && result.file && !result.notStored ? context.fileSrc(result.file) : undefined,
    width: result.width,
    height: result.height,
    format: result.format,
    bytes: result.bytes,
    savedTo: result.savedTo,
    error: describeResultFailure(result),
    ...(result.status === 'ready' && result.notStored ? { notStored: true as const } : {}),
    ...(result.favourite ? { favourite: true } : {}),
    ...(result.status === 'ready' && result.file && context.offerVary
      ? { vary: { ...varyWords(result.index), token: context.offerVary(result.id) } }
      : {}),
  }));
}

export function toGalleryView(record: GenerationRecord, progress: LiveProgress, context: ViewContext): GalleryView {
  return {
    generationId: record.id,
    sourceName: record.source.name,
    sourceSrc: context.fileSrc(record.source.storedFile),
    chips: optionChips(record.options, record.model),
    emulatorNotice: context.emulatorNotice,
    requested: record.options.num_outputs,
    state: stateView(record, progress, context),
    results: resultViews(record, context),
    credits: record.credits && { used: record.credits.used, limit: record.credits.limit },
    runCost: record.cost?.credits,
    recordId: record.recordId,
    ...offersOfView(record, context),
    ...runNoteOf(record, progress),
    ...(context.lineage ? { lineage: context.lineage } : {}),
  };
}

/** Said with the state: the run was resumed after its window ended, or it runs in another window. */
function runNoteOf(record: GenerationRecord, progress: LiveProgress): Pick<GalleryView, 'runNote'> {
  if (progress.elsewhere) {
    return { runNote: 'elsewhere' };
  }
  return record.resumedAt !== undefined ? { runNote: 'resumed' } : {};
}
