import type { ActionId, ActionView, GalleryView, ResultView, RunStateView } from '../shared/protocol';
import { optionChips } from '../options/summary';
import type { VariationOptions } from '../options/types';
import type { GenerationRecord } from '../runs/record';
import { mayHaveBeenCharged } from '../runs/record';
import { canFetchLater } from '../runs/runActions';
import type { LiveProgress } from '../runs/generationRun';

export interface ViewContext {
  /** A webview URI for a file of the generation folder. */
  fileSrc(fileName: string): string;
  actionLabel(action: ActionId): string;
  /** Set when the API origin is a local stand-in, with the words to show. */
  emulatorNotice?: string;
}

/**
 * Rough duration of a synchronous generation, so "generating" can say what to expect.
 * Scales with steps, outputs and pixels, as the product page says processing time does.
 */
export function typicalGenerationSeconds(options: VariationOptions): number {
  const pixels = options.megapixels === '0.25' ? 0.4 : 1;
  return Math.round(6 + options.num_inference_steps * 0.35 * options.num_outputs * pixels);
}

function stateView(record: GenerationRecord, progress: LiveProgress, context: ViewContext): RunStateView {
  const charged = mayHaveBeenCharged(record);
  switch (record.phase) {
    case 'queued':
      return { kind: 'queued', position: progress.queuePosition ?? 1 };
    case 'uploading':
      return { kind: 'uploading', percent: progress.uploadPercent ?? 0 };
    case 'generating':
      return {
        kind: 'generating',
        startedAt: record.generateStartedAt ?? Date.now(),
        typicalSeconds: typicalGenerationSeconds(record.options),
      };
    case 'downloading':
      return {
        kind: 'downloading',
        done: record.results.filter((r) => r.status !== 'pending').length,
        total: record.results.length,
      };
    case 'done':
      return { kind: 'done', withheld: record.withheld ?? 0 };
    case 'failed': {
      const actions: ActionView[] = (record.failure?.actions ?? []).map((id) => ({
        id,
        label: context.actionLabel(id),
      }));
      return {
        kind: 'failed',
        message: record.failure?.message ?? 'The run failed.',
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
    src: result.status === 'ready' && result.file ? context.fileSrc(result.file) : undefined,
    width: result.width,
    height: result.height,
    format: result.format,
    bytes: result.bytes,
    savedTo: result.savedTo,
    error: result.status === 'failed' ? result.error : undefined,
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
    credits: record.credits,
    recordId: record.recordId,
  };
}
