import { withoutQuery } from '../api/resultUrls';
import { mimeTypeOf, type UploadPayload } from '../shared/imageFormat';
import type { GenerationRecord } from './record';
import { fetchResultsLater } from './fetchLater';
import { type DownloadDeps, downloadAll, retryOneDownload } from './resultDownloads';
import { type MeasuredCost, creditsOfGeneration, storeMeasuredCost } from './runCost';
import type { DescribeFailure, LiveProgress, RunDeps } from './runTypes';
import { UploadPhase } from './uploadPhase';
import type { Generation } from './variationClient';

export type { Generation, VariationClient } from './variationClient';
export type { DescribeFailure, FailureDescription, KnownUploads, LiveProgress, RunDeps } from './runTypes';

/**
 * One generation from upload to stored results: the upload (uploadPhase.ts), the paid call and
 * its wait (here), the downloads (resultDownloads.ts). Every result is written to the generation
 * folder and the record saved before anyone is told about it, so nothing paid for is only in memory.
 */
export class GenerationRun {
  private progress: LiveProgress = {};
  /** The record's writes under way (commit), for written(). */
  private committing: Promise<void> = Promise.resolve();
  private readonly retrying = new Set<string>();
  private measuringCost: Promise<MeasuredCost | undefined> | undefined;
  /** The presigned link with its signature: in memory for this run only, never in the record. */
  private presignedUrl: string | undefined;
  private readonly uploadPhase: UploadPhase;
  private readonly downloads: DownloadDeps;
  /** Set when this window gave the run up (its host is ending) or lost its lease: it writes nothing more. */
  private detached = false;

  constructor(
    readonly record: GenerationRecord,
    upload: UploadPayload,
    private readonly deps: RunDeps,
    private readonly describe: DescribeFailure,
  ) {
    this.uploadPhase = new UploadPhase({
      record,
      client: deps.client,
      uploads: deps.uploads,
      hash: deps.hash && ((bytes) => deps.hash!(bytes)),
      log: (message) => deps.log(message),
      setProgress: (progress, announce) => {
        this.progress = progress;
        if (announce) {
          this.emit();
        }
      },
      commit: () => this.commit(),
    }, upload);
    this.downloads = {
      record,
      client: deps.client,
      store: deps.store,
      describe,
      presignedUrl: () => this.presignedUrl,
      log: (message) => deps.log(message),
      commit: () => this.commit(),
      emit: () => this.emit(),
    };
  }

  get liveProgress(): LiveProgress {
    return this.progress;
  }

  setQueuePosition(position: number): void {
    if (this.record.phase === 'queued' && this.progress.queuePosition !== position) {
      this.progress = { ...this.progress, queuePosition: position };
      this.emit();
    }
  }

  async execute(signal: AbortSignal): Promise<GenerationRecord> {
    try {
      const imageUrl = await this.uploadPhase.uploadSource(signal, true);
      let generation;
      try {
        generation = await this.generate(imageUrl, signal);
      } catch (error) {
        // The server forgot the asset, or refused one this run did not upload itself (a 403: refused,
        // never run, so never charged): upload once more and ask again.
        const failure = this.describe(error);
        const refusedReuse = this.uploadPhase.reusedUpload && failure.kind === 'forbidden';
        if (!failure.unknownAsset && !refusedReuse) {
          throw error;
        }
        this.deps.log(
          refusedReuse
            ? `Generation ${this.record.id}: the server refused the reused upload (HTTP 403); uploading again.`
            : `Generation ${this.record.id}: the server no longer knows the upload; uploading again.`,
        );
        await this.uploadPhase.forgetUpload();
        generation = await this.generate(await this.uploadPhase.uploadSource(signal, false), signal);
      }
      await downloadAll(this.downloads, generation, signal);
      // The account's later figure and, when it can be told, the run's cost (measured during the downloads).
      await storeMeasuredCost(await this.measuringCost, (mutate) => this.editFinished(mutate));
    } catch (error) {
      await this.fail(error);
    } finally {
      this.uploadPhase.releaseUpload();
    }
    return this.record;
  }

  /**
   * Picks up a run whose window ended after the server accepted it (resumeDecision.ts decided it
   * may): polls its record until final, then downloads only the results still missing, with a
   * fresh presigned link. Never a new paid call.
   */
  async resume(signal: AbortSignal): Promise<GenerationRecord> {
    const recordId = this.record.recordId!;
    try {
      this.record.resumedAt = this.deps.now();
      this.record.failure = undefined;
      this.progress = {};
      this.deps.log(`Generation ${this.record.id}: resuming record ${recordId} after this window's previous run of it ended (no new generation).`);
      // One look first: a record that is already final needs no wait for the poll schedule.
      const look = await this.deps.client.fetchResult!(recordId, { signal });
      let generation: Generation;
      if (look.kind === 'finished') {
        generation = look.result;
      } else {
        if (this.record.phase !== 'generating') {
          this.record.phase = 'generating';
        }
        await this.commit();
        const paidAt = this.record.generateStartedAt ?? this.record.pollingSince ?? this.deps.now();
        generation = await this.deps.client.awaitRecord!(recordId, { paidAt, signal });
      }
      this.applyGeneration(generation);
      await downloadAll(this.downloads, generation, signal, false);
    } catch (error) {
      await this.fail(error);
    }
    return this.record;
  }

  /** This window writes nothing more for the run: its host is ending, or another window owns it now. */
  detach(): void {
    this.detached = true;
  }

  get isDetached(): boolean {
    return this.detached;
  }

  /** Marks a run cancelled before it ever started (it waited in the queue). */
  async cancelQueued(): Promise<void> {
    this.uploadPhase.releaseUpload();
    this.record.phase = 'cancelled';
    await this.commit();
  }

  /** Fetches a result again from the paths the server gave, without a new generation. */
  retryDownload(resultId: string, signal?: AbortSignal): Promise<void> {
    return retryOneDownload(this.downloads, this.retrying, resultId, signal);
  }

  private async generate(imageUrl: string, signal: AbortSignal) {
    this.record.phase = 'generating';
    this.record.generateStartedAt = this.deps.now();
    this.progress = {};
    // On disk before the paid call goes out: after a reload we must know credits may be spent.
    await this.commit();
    const paidCall = await this.deps.cost?.notePaidCall(this.record.apiOrigin);
    const generation = await this.deps.client.generateVariations(
      { model: this.record.model, imageUrl, options: this.record.options },
      { signal, onAccepted: (accepted) => this.noteAccepted(accepted) },
    );
    this.record.generationMode = generation.mode ?? 'sync';
    this.applyGeneration(generation);
    this.measuringCost = this.deps.cost?.measure(this.record.id, paidCall, generation, this.deps.client);
    this.deps.log(
      `Generation ${this.record.id}: made in ${this.record.generationMode} mode${this.record.recordId ? `, record ${this.record.recordId}` : ''}.`,
    );
    return generation;
  }

  /** The record id goes to disk before the first poll: whatever happens next, the results can be fetched. */
  private async noteAccepted({ recordId, acceptedAt }: { recordId: string; acceptedAt: number }): Promise<void> {
    this.record.recordId = recordId;
    this.record.generationMode = 'async';
    this.record.pollingSince = acceptedAt;
    this.deps.log(`Generation ${this.record.id}: 1min.ai accepted it as record ${recordId} (async mode); polling.`);
    await this.commit();
  }

  private applyGeneration(generation: Generation): void {
    this.record.recordId = generation.recordId ?? this.record.recordId;
    this.presignedUrl = generation.temporaryUrl || undefined;
    this.record.temporaryUrl = this.presignedUrl && withoutQuery(this.presignedUrl);
    this.record.credits = creditsOfGeneration(generation);
  }

  /**
   * Fetch Results Later (fetchLater.ts): one look at the server's record, then the downloads.
   * `apiOrigin` is the current API's: only the server that accepted the run is asked.
   */
  fetchLater(signal: AbortSignal, apiOrigin: string | undefined): Promise<void> {
    return fetchResultsLater(
      {
        record: this.record,
        client: this.deps.client,
        log: (message) => this.deps.log(message),
        markLooking: async () => {
          this.record.phase = 'generating';
          this.record.failure = undefined;
          this.progress = {};
          await this.commit();
        },
        endWithout: async (failure) => {
          this.record.phase = 'failed';
          this.record.failure = failure;
          await this.commit();
        },
        download: async (generation, downloadSignal) => {
          this.applyGeneration(generation);
          await downloadAll(this.downloads, generation, downloadSignal);
        },
        fail: (error) => this.fail(error),
      },
      signal,
      apiOrigin,
    );
  }

  private async fail(error: unknown): Promise<void> {
    const failure = this.describe(error);
    this.deps.log(`Generation ${this.record.id} ended: ${failure.logText}`);
    for (const result of this.record.results) {
      if (result.status === 'pending') {
        result.status = 'failed';
        result.failure = { kind: failure.kind, facts: failure.facts };
      }
    }
    if (failure.cancelled) {
      this.record.phase = 'cancelled';
    } else {
      this.record.phase = 'failed';
      this.record.failure = {
        kind: failure.kind,
        facts: failure.facts,
        actions: failure.actions,
        ...(failure.recordId !== undefined ? { recordId: failure.recordId } : {}),
      };
    }
    this.progress = {};
    // A store that cannot write (a full disk, before the paid call) must not hide why the run ended.
    await this.commit().catch((commitError: unknown) => this.deps.log(`Generation ${this.record.id}: ${String(commitError)}`));
  }

  /** An edit after the run ended: under the store's lock, from the record on disk, kept in this copy too. */
  private async editFinished(mutate: (record: GenerationRecord) => void | false): Promise<void> {
    if (this.detached) {
      return;
    }
    const updatedAt = new Date(this.deps.now()).toISOString();
    let updated: GenerationRecord | undefined;
    try {
      updated = await this.deps.store.update(this.record.id, (stored) => {
        if (mutate(stored) === false) {
          return false;
        }
        stored.updatedAt = updatedAt;
      });
    } catch (error) {
      // What is edited after the end (the cost) is extra: the run stays as it ended.
      this.deps.log(`Generation ${this.record.id}: could not update its record after it ended: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (updated) {
      Object.assign(this.record, updated);
      this.emit();
    }
  }

  /**
   * Resolves once every change this run has committed so far is on disk (or its write failed).
   * An edit read from disk must wait for it: the run's last phase is in memory a moment before.
   */
  written(): Promise<void> {
    return this.committing;
  }

  private commit(): Promise<void> {
    const write = this.writeRecord();
    this.committing = Promise.all([this.committing, write.catch(() => undefined)]).then(() => undefined);
    return write;
  }

  private async writeRecord(): Promise<void> {
    if (this.detached) {
      return;
    }
    if (this.deps.mayWrite && !(await this.deps.mayWrite())) {
      this.deps.log(`Generation ${this.record.id}: another window owns this run now; this window stops writing its record.`);
      this.detached = true;
      return;
    }
    this.record.updatedAt = new Date(this.deps.now()).toISOString();
    try {
      await this.deps.store.save(this.record);
    } finally {
      this.emit();
    }
  }

  private emit(): void {
    if (this.detached) {
      return;
    }
    this.deps.onChange(this.record, this.progress);
  }
}

/** The payload of a run from an earlier session, or one only fetching results: it never uploads again. */
export function emptyPayload(record: GenerationRecord): UploadPayload {
  return { bytes: new Uint8Array(), fileName: '', mimeType: mimeTypeOf(record.source.format) };
}
