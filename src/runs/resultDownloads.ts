/**
 * A run's downloads: each result written to the generation folder and the record saved before
 * anyone is told, a failed download marking that result only. Also Retry download of one result.
 */
import type { GenerationRecord, StoredResult } from './record';
import type { DescribeFailure } from './runTypes';
import type { GenerationStore } from './store';
import type { VariationClient } from './variationClient';

export interface DownloadDeps {
  record: GenerationRecord;
  client: VariationClient;
  store: GenerationStore;
  describe: DescribeFailure;
  /** The presigned link with its signature while this run has it in memory. */
  presignedUrl(): string | undefined;
  log(message: string): void;
  commit(): Promise<void>;
  emit(): void;
}

/**
 * Downloads the results still missing. `fresh` lays out the results from the server's paths (after
 * the paid call); otherwise results already stored are kept (a resumed run fetches only the rest).
 */
export async function downloadAll(
  deps: DownloadDeps,
  generation: { resultPaths: string[] },
  signal: AbortSignal,
  fresh = true,
): Promise<void> {
  const { record } = deps;
  const requested = record.options.num_outputs;
  const paths = generation.resultPaths.slice(0, requested);
  record.withheld = Math.max(0, requested - paths.length);
  const kept = fresh ? [] : record.results;
  record.results = paths.map((resultPath, i) => {
    const before = kept.find((result) => result.index === i + 1 && result.status === 'ready');
    return before ?? { id: `r${i + 1}`, index: i + 1, status: 'pending', resultPath };
  });
  record.phase = 'downloading';
  await deps.commit();

  const missing = record.results.filter((result) => result.status !== 'ready');
  await Promise.all(missing.map((result) => downloadOne(deps, result, signal)));
  signal.throwIfAborted();

  const failed = record.results.filter((r) => r.status === 'failed');
  if (failed.length > 0 && failed.length === record.results.length) {
    record.phase = 'failed';
    const first = failed[0].failure?.facts;
    record.failure = {
      kind: 'download-failed',
      facts: first === undefined ? { what: 'downloads-failed' } : { what: 'downloads-failed', first },
      actions: ['showLog'],
    };
  } else {
    record.phase = 'done';
  }
  await deps.commit();
}

/** A failed download marks that result only; the others go on. */
export async function downloadOne(deps: DownloadDeps, result: StoredResult, signal: AbortSignal | undefined): Promise<void> {
  const { record } = deps;
  try {
    const image = await deps.client.downloadResult(result.resultPath!, deps.presignedUrl() ?? record.temporaryUrl, { signal });
    const file = `variation-${result.index}.${image.extension}`;
    // Refused by a full disk, the bytes stay in memory (store.ts): shown, and saved from there.
    const written = await deps.store.writeResult(record.id, file, image.bytes);
    Object.assign(result, {
      status: 'ready',
      file,
      notStored: written.stored ? undefined : written.reason,
      format: image.format,
      width: image.width,
      height: image.height,
      bytes: image.bytes.byteLength,
      failure: undefined,
      error: undefined,
    } satisfies Partial<StoredResult>);
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    const failure = deps.describe(error);
    result.status = 'failed';
    result.failure = { kind: failure.kind, facts: failure.facts };
    deps.log(`Generation ${record.id}: result ${result.index} could not be downloaded: ${failure.logText}`);
  }
  await deps.commit();
}

/** Fetches a result again from the paths the server gave, without a new generation. */
export async function retryOneDownload(
  deps: DownloadDeps,
  retrying: Set<string>,
  resultId: string,
  signal?: AbortSignal,
): Promise<void> {
  const { record } = deps;
  const result = record.results.find((r) => r.id === resultId);
  if (!result || result.status === 'ready' || !result.resultPath || retrying.has(resultId)) {
    return;
  }
  retrying.add(resultId);
  try {
    result.status = 'pending';
    result.failure = undefined;
    result.error = undefined;
    deps.emit();
    await downloadOne(deps, result, signal);
    if (record.phase === 'failed' && record.results.some((r) => r.status === 'ready')) {
      record.phase = 'done';
      record.failure = undefined;
    }
    await deps.commit();
  } finally {
    retrying.delete(resultId);
  }
}
