import type { UploadPayload } from '../shared/imageFormat';
import type { ActionId } from '../shared/protocol';
import { t } from '../l10n';
import type { GenerationRecord, StoredResult } from './record';
import type { GenerationStore } from './store';
import type { Generation, VariationClient } from './variationClient';

export type { Generation, VariationClient } from './variationClient';

/** Progress that changes too often to be worth a disk write. */
export interface LiveProgress {
  queuePosition?: number;
  uploadPercent?: number;
}

/** Asset paths the API host already has, by content hash (see uploadCache.ts). */
export interface KnownUploads {
  lookup(hash: string): string | undefined;
  remember(hash: string, path: string): Promise<void>;
  forget(hash: string): Promise<void>;
  /** An upload of these bytes already under way (fluxRedux.uploadEarly); undefined if it failed. */
  pending?(hash: string): Promise<string | undefined> | undefined;
}

export interface RunDeps {
  client: VariationClient;
  uploads?: KnownUploads;
  hash?(bytes: Uint8Array): string;
  store: GenerationStore;
  now(): number;
  /** Called after every change of the record or the live progress. */
  onChange(record: GenerationRecord, progress: LiveProgress): void;
  log(message: string): void;
}

/** How the failure of a run is described to the user. */
export interface FailureDescription {
  message: string;
  kind: string;
  actions: ActionId[];
  cancelled: boolean;
  unknownAsset: boolean;
}

export type DescribeFailure = (error: unknown) => FailureDescription;

/**
 * One generation from upload to stored results. Every result is written to the generation folder
 * and the record saved before anyone is told about it, so nothing paid for is only in memory.
 */
export class GenerationRun {
  private progress: LiveProgress = {};
  private readonly retrying = new Set<string>();

  constructor(
    readonly record: GenerationRecord,
    private readonly upload: UploadPayload,
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
        // The server forgot the asset (never charged): upload once more and ask again.
        if (!this.describe(error).unknownAsset) {
          throw error;
        }
        this.deps.log(`Generation ${this.record.id}: the server no longer knows the upload; uploading again.`);
        await this.forgetUpload();
        generation = await this.generate(await this.uploadSource(signal, false), signal);
      }
      await this.downloadAll(generation, signal);
    } catch (error) {
      await this.fail(error);
    }
    return this.record;
  }

  /** Marks a run cancelled before it ever started (it waited in the queue). */
  async cancelQueued(): Promise<void> {
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

  /** The upload's content hash, computed once per run (the bytes can be megabytes). */
  private uploadHash(): string | undefined {
    if (this.hashOfUpload === undefined && this.deps.uploads && this.deps.hash) {
      this.hashOfUpload = this.deps.hash(this.upload.bytes);
    }
    return this.hashOfUpload;
  }

  private async forgetUpload(): Promise<void> {
    const hash = this.uploadHash();
    if (hash) {
      await this.deps.uploads!.forget(hash);
    }
  }

  private async uploadSource(signal: AbortSignal, reuse: boolean): Promise<string> {
    this.record.phase = 'uploading';
    this.progress = { uploadPercent: 0 };
    const hash = this.uploadHash();
    const known = reuse && hash ? this.deps.uploads!.lookup(hash) ?? (await this.earlyUpload(hash, signal)) : undefined;
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
    if (hash) {
      // Only a cache: it must not delay the paid call.
      void this.deps.uploads!.remember(hash, path).catch(() => undefined);
    }
    return path;
  }

  /**
   * Waits for an early upload of the same bytes rather than sending them a second time. A cancel
   * while waiting falls through to the client, which reports it as every cancelled upload is.
   */
  private async earlyUpload(hash: string, signal: AbortSignal): Promise<string | undefined> {
    const pending = this.deps.uploads!.pending?.(hash);
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
    const generation = await this.deps.client.generateVariations(
      { model: this.record.model, imageUrl, options: this.record.options },
      { signal, onAccepted: (accepted) => this.noteAccepted(accepted) },
    );
    this.record.generationMode = generation.mode ?? 'sync';
    this.applyGeneration(generation);
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
    this.record.temporaryUrl = generation.temporaryUrl || undefined;
    this.record.credits = generation.credits;
  }

  /**
   * Fetch Results Later: one look at the record the server accepted (after a cancel or a time-out),
   * then the downloads if it is finished. Never a new generation. `apiOrigin` is the current API's:
   * the record lives on the server that accepted it, so another one is not asked.
   */
  async fetchLater(signal: AbortSignal, apiOrigin: string | undefined): Promise<void> {
    const recordId = this.record.recordId;
    const fetchResult = this.deps.client.fetchResult?.bind(this.deps.client);
    if (!recordId || !fetchResult) {
      return;
    }
    this.record.failure = undefined;
    if (apiOrigin !== undefined && apiOrigin !== this.record.apiOrigin) {
      this.record.phase = 'failed';
      this.record.failure = {
        kind: 'other-api',
        message: t('This run was made through {0}, but the setting fluxRedux.apiBaseUrl now points elsewhere. Set it back to fetch the results.', this.record.apiOrigin),
        actions: ['fetchLater', 'openSettings'],
      };
      await this.commit();
      return;
    }
    this.deps.log(`Generation ${this.record.id}: fetching the results of record ${recordId} (no new generation).`);
    try {
      this.record.phase = 'generating';
      this.progress = {};
      await this.commit();
      const answer = await fetchResult(recordId, { signal });
      if (answer.kind === 'processing') {
        this.record.phase = 'failed';
        this.record.failure = {
          kind: 'still-processing',
          message: t('1min.ai is still making these variations. Use “Fetch Results Later” again in a while; no new generation is needed.'),
          actions: ['fetchLater', 'showLog'],
        };
        await this.commit();
        return;
      }
      this.applyGeneration(answer.result);
      await this.downloadAll(answer.result, signal);
    } catch (error) {
      await this.fail(error);
    }
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
      this.record.failure = {
        kind: 'download-failed',
        message:
          failed[0].error === undefined
            ? t('The variations were made but could not be downloaded. Use "Retry download" on each result; no new generation is needed.')
            : t(
                'The variations were made but could not be downloaded: {0} Use "Retry download" on each result; no new generation is needed.',
                failed[0].error,
              ),
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
      const image = await this.deps.client.downloadResult(result.resultPath!, this.record.temporaryUrl, { signal });
      const file = `variation-${result.index}.${image.extension}`;
      await this.deps.store.writeFile(this.record.id, file, image.bytes);
      Object.assign(result, {
        status: 'ready',
        file,
        format: image.format,
        width: image.width,
        height: image.height,
        bytes: image.bytes.byteLength,
        error: undefined,
      } satisfies Partial<StoredResult>);
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      result.status = 'failed';
      result.error = this.describe(error).message;
      this.deps.log(`Generation ${this.record.id}: result ${result.index} could not be downloaded: ${result.error}`);
    }
    await this.commit();
  }

  private async fail(error: unknown): Promise<void> {
    const failure = this.describe(error);
    for (const result of this.record.results) {
      if (result.status === 'pending') {
        result.status = 'failed';
        result.error = failure.message;
      }
    }
    if (failure.cancelled) {
      this.record.phase = 'cancelled';
    } else {
      this.record.phase = 'failed';
      this.record.failure = { message: failure.message, kind: failure.kind, actions: failure.actions };
    }
    this.progress = {};
    await this.commit();
  }

  private async commit(): Promise<void> {
    this.record.updatedAt = new Date(this.deps.now()).toISOString();
    await this.deps.store.save(this.record);
    this.emit();
  }

  private emit(): void {
    this.deps.onChange(this.record, this.progress);
  }
}
