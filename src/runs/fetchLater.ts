/**
 * Fetch Results Later: one look at the record the server accepted (after a cancel, a time-out or a
 * reload), then the downloads if it is finished. Never a new generation. The record lives on the
 * server that accepted it, so no other API is asked. Its outcomes that are not the API's failures
 * (still being made, another API configured) are recorded as facts, like every failure.
 */
import type { GenerationRecord, StoredFailure } from './record';
import type { Generation, VariationClient } from './variationClient';

/** What the look needs of the run it belongs to (GenerationRun hands in its own steps). */
export interface FetchLaterRun {
  readonly record: GenerationRecord;
  readonly client: VariationClient;
  log(message: string): void;
  /** The look is under way: the run shows as generating again, its old failure gone. */
  markLooking(): Promise<void>;
  /** The look ended without results: the run fails with this, offering its actions. */
  endWithout(failure: StoredFailure): Promise<void>;
  /** The record is finished: its results are downloaded as after the paid call. */
  download(generation: Generation, signal: AbortSignal): Promise<void>;
  fail(error: unknown): Promise<void>;
}

/** `apiOrigin` is the origin of the API configured now; undefined when it is not known. */
export async function fetchResultsLater(run: FetchLaterRun, signal: AbortSignal, apiOrigin: string | undefined): Promise<void> {
  const { record } = run;
  const recordId = record.recordId;
  const fetchResult = run.client.fetchResult?.bind(run.client);
  if (!recordId || !fetchResult) {
    return;
  }
  if (apiOrigin !== undefined && apiOrigin !== record.apiOrigin) {
    await run.endWithout({
      kind: 'other-api',
      facts: { what: 'other-api', apiOrigin: record.apiOrigin },
      actions: ['fetchLater', 'openSettings'],
    });
    return;
  }
  run.log(`Generation ${record.id}: fetching the results of record ${recordId} (no new generation).`);
  try {
    await run.markLooking();
    const answer = await fetchResult(recordId, { signal });
    if (answer.kind === 'processing') {
      run.log(`Generation ${record.id}: record ${recordId} is still being made.`);
      await run.endWithout({ kind: 'still-processing', facts: { what: 'still-processing' }, actions: ['fetchLater', 'showLog'] });
      return;
    }
    await run.download(answer.result, signal);
  } catch (error) {
    await run.fail(error);
  }
}
