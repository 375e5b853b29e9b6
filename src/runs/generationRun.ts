import { withoutQuery } from '../api/resultUrls';
import type { UploadPayload } from '../shared/imageFormat';
import type { ActionId } from '../shared/protocol';
import type { FailureKind, GenerationRecord, RecordedFacts, StoredResult } from './record';
import { fetchResultsLater } from './fetchLater';
import { type MeasuredCost, type RunCostMeter, creditsOfGeneration, storeMeasuredCost } from './runCost';
import type { GenerationStore } from './store';
import type { Generation, VariationClient } from './variationClient';

export type { Generation, VariationClient } from './variationClient';

/** Progress that changes too often to be worth a disk write. */
export interface LiveProgress {
  queuePosition?: number;
  uploadPercent?: number;
}

/** Asset paths the API host already has, by account and content hash (see uploadCache.ts). */
export interface KnownUploads {
  /** The account tag of the key the run's calls carry (src/accountTag.ts); undefined without a key. */
  account(): Promise<string | undefined>;
  lookup(account: string, hash: string): string | undefined;
  remember(account: string, hash: string, path: string): Promise<void>;
  forget(account: string, hash: string): Promise<void>;
  /** An upload of these bytes already under way (fluxRedux.uploadEarly); undefined if it failed. */
  pending?(account: string, hash: string): Promise<string | undefined> | undefined;
}

export interface RunDeps {
  client: VariationClient;
  uploads?: KnownUploads;
  hash?(bytes: Uint8Array): string;
  store: GenerationStore;
  /** Tells this run's cost from the account's figures (runCost.ts); without it no cost is told. */
  cost?: RunCostMeter;
  now(): number;
  /** Called after every change of the record or the live progress. */
  onChange(record: GenerationRecord, progress: LiveProgress): void;
  log(message: string): void;
}

/** What a run keeps of a failure (no sentence: the words are made when shown), and how it acts on it. */
export interface FailureDescription {
  kind: FailureKind;
  facts: RecordedFacts;
  actions: ActionId[];
  /** The server's record of the failed call, when it named one. */
  recordId?: string;
  cancelled: boolean;
  unknownAsset: boolean;
  /** For the log only: the error's own text, which may be more than any user should see. */
  logText: string;
}

export type DescribeFailure = (error: unknown) => FailureDescription;

/**
 * One generation from upload to stored results. Every result is written to the generation folder
 * and the record saved before anyone is told about it, so nothing paid for is only in memory.
 */
export class GenerationRun {
  private progress: LiveProgress = {};
  private readonly retrying = new Set<string>();
  private measuringCost: Promise<MeasuredCost | undefined> | undefined;
  /** The presigned link with its signature: in memory for this run only, never in the record. */
  private presignedUrl: string | undefined;

  constructor(
    readonly record: GenerationRecord,
    private upload: UploadPayload,
    private readonly deps: RunDeps,
    private readonly describe: DescribeFailure,
  ) {}

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
      const imageUrl = await this.uploadSource(signal, true);
      let generation;
      try {
        generation = await this.generate(imageUrl, signal);
      } catch (error) {
        // The server forgot the asset, or refused one this run did not upload itself (a 403: refused,
        // never run, so never charged): upload once more and ask again.
        const failure = this.describe(error);
        const refusedReuse = this.reusedUpload && failure.kind === 'forbidden';
        if (!failure.unknownAsset && !refusedReuse) {
          throw error;
        }
        this.deps.log(
          refusedReuse
            ? `Generation ${this.record.id}: the server refused the reused upload (HTTP 403); uploading again.`
            : `Generation ${this.record.id}: the server no longer knows the upload; uploading again.`,
        );
        await this.forgetUpload();
        generation = await this.generate(await this.uploadSource(signal, false), signal);
      }
      await this.downloadAll(generation, signal);
      // The account's later figure and, when it can be told, the run's cost (measured during the downloads).
      await storeMeasuredCost(this.record, await this.measuringCost, () => this.commit());
    } catch (error) {
      await this.fail(error);
    } finally {
      this.releaseUpload();
    }
    return this.record;
  }

  /** Marks a run cancelled before it ever started (it waited in the queue). */
  async cancelQueued(): Promise<void> {
    this.releaseUpload();
    this.record.phase = 'cancelled';
    await this.commit();
  }

  /** Fetches a result again from the paths the server gave, without a new generation. */
  async retryDownload(resultId: string, signal?: AbortSignal): Promise<void> {
    const result = this.record.results.find((r) => r.id === resultId);
    if (!result || result.status === 'ready' || !result.resultPath || this.retrying.has(resultId)) {
      return;
    }
    this.retrying.add(resultId);
    try {
      result.status = 'pending';
      result.failure = undefined;
      result.error = undefined;
      this.emit();
      await this.downloadOne(result, signal);
      if (this.record.phase === 'failed' && this.record.results.some((r) => r.status === 'ready')) {
        this.record.phase = 'done';
        this.record.failure = undefined;
      }
      await this.commit();
    } finally {
      this.retrying.delete(resultId);
    }
  }

  private hashOfUpload: string | undefined;

  /** A finished run never uploads again; Reproduce reads the stored source copy instead. */
  private releaseUpload(): void {
    this.upload = { ...this.upload, bytes: new Uint8Array() };
  }

  /** The upload's content hash, computed once per run (the bytes can be megabytes). */
  private uploadHash(): string | undefined {
    if (this.hashOfUpload === undefined && this.deps.uploads && this.deps.hash) {
      this.hashOfUpload = this.deps.hash(this.upload.bytes);
    }
    return this.hashOfUpload;
  }

  /** The account the last upload (or reused path) belonged to; the cache is keyed by it. */
  private uploadAccount: string | undefined;
  /** Whether the path in use came from the cache or an early upload, not from this run's upload. */
  private reusedUpload = false;

  private async forgetUpload(): Promise<void> {
    const hash = this.uploadHash();
    if (hash && this.uploadAccount !== undefined) {
      await this.deps.uploads!.forget(this.uploadAccount, hash);
    }
  }

  private async uploadSource(signal: AbortSignal, reuse: boolean): Promise<string> {
    this.record.phase = 'uploading';
    this.progress = { uploadPercent: 0 };
    const hash = this.uploadHash();
    // Another key's paths are never reused: the cache answers per account.
    const account = hash ? await this.deps.uploads!.account().catch(() => undefined) : undefined;
    this.uploadAccount = account;
    const known =
      reuse && hash && account !== undefined
        ? this.deps.uploads!.lookup(account, hash) ?? (await this.earlyUpload(account, hash, signal))
        : undefined;
    this.reusedUpload = known !== undefined;
    if (known) {
      this.deps.log(`Generation ${this.record.id}: these bytes were uploaded before; reusing ${known}.`);
      this.record.uploadedPath = known;
      this.progress = { uploadPercent: 100 };
      return known;
    }
    await this.commit();
    const { path } = await this.deps.client.uploadAsset(this.upload, {
      signal,
      onProgress: (sent, total) => {
        const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
        if (percent !== this.progress.uploadPercent) {
          this.progress = { uploadPercent: percent };
          this.emit();
        }
      },
    });
    this.record.uploadedPath = path;
    if (hash && account !== undefined) {
      // Only a cache: it must not delay the paid call. A key changed during the upload leaves it out.
      const uploads = this.deps.uploads!;
      void (async () => {
        if ((await uploads.account()) === account) {
          await uploads.remember(account, hash, path);
        }
      })().catch(() => undefined);
    }
    return path;
  }

  /**
   * Waits for an early upload of the same bytes rather than sending them a second time. A cancel
   * while waiting falls through to the client, which reports it as every cancelled upload is.
   */
  private async earlyUpload(account: string, hash: string, signal: AbortSignal): Promise<string | undefined> {
    const pending = this.deps.uploads!.pending?.(account, hash);
    if (!pending || signal.aborted) {
      return undefined;
    }
    this.emit();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<undefined>((resolve) => {
      onAbort = () => resolve(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([pending, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
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
          await this.downloadAll(generation, downloadSignal);
        },
        fail: (error) => this.fail(error),
      },
      signal,
      apiOrigin,
    );
  }

  private async downloadAll(
    generation: { resultPaths: string[] },
    signal: AbortSignal,
  ): Promise<void> {
    const requested = this.record.options.num_outputs;
    const paths = generation.resultPaths.slice(0, requested);
    this.record.withheld = Math.max(0, requested - paths.length);
    this.record.results = paths.map((resultPath, i) => ({
      id: `r${i + 1}`,
      index: i + 1,
      status: 'pending',
      resultPath,
    }));
    this.record.phase = 'downloading';
    await this.commit();

    await Promise.all(this.record.results.map((result) => this.downloadOne(result, signal)));
    signal.throwIfAborted();

    const failed = this.record.results.filter((r) => r.status === 'failed');
    if (failed.length > 0 && failed.length === this.record.results.length) {
      this.record.phase = 'failed';
      const first = failed[0].failure?.facts;
      this.record.failure = {
        kind: 'download-failed',
        facts: first === undefined ? { what: 'downloads-failed' } : { what: 'downloads-failed', first },
        actions: ['showLog'],
      };
    } else {
      this.record.phase = 'done';
    }
    await this.commit();
  }

  /** A failed download marks that result only; the others go on. */
  private async downloadOne(result: StoredResult, signal: AbortSignal | undefined): Promise<void> {
    try {
      const image = await this.deps.client.downloadResult(result.resultPath!, this.presignedUrl ?? this.record.temporaryUrl, { signal });
      const file = `variation-${result.index}.${image.extension}`;
      // Refused by a full disk, the bytes stay in memory (store.ts): shown, and saved from there.
      const written = await this.deps.store.writeResult(this.record.id, file, image.bytes);
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
      const failure = this.describe(error);
      result.status = 'failed';
      result.failure = { kind: failure.kind, facts: failure.facts };
      this.deps.log(`Generation ${this.record.id}: result ${result.index} could not be downloaded: ${failure.logText}`);
    }
    await this.commit();
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

  private async commit(): Promise<void> {
    this.record.updatedAt = new Date(this.deps.now()).toISOString();
    try {
      await this.deps.store.save(this.record);
    } finally {
      this.emit();
    }
  }

  private emit(): void {
    this.deps.onChange(this.record, this.progress);
  }
}
