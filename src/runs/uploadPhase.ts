/**
 * A run's upload of its source: reuses a path the API host already has for these bytes and this
 * account (the cache, or an early upload under way), else uploads and remembers the path.
 */
import type { UploadPayload } from '../shared/imageFormat';
import type { GenerationRecord } from './record';
import type { KnownUploads, LiveProgress } from './runTypes';
import type { VariationClient } from './variationClient';

export interface UploadPhaseDeps {
  record: GenerationRecord;
  client: VariationClient;
  uploads?: KnownUploads;
  hash?(bytes: Uint8Array): string;
  log(message: string): void;
  setProgress(progress: LiveProgress, announce: boolean): void;
  commit(): Promise<void>;
}

export class UploadPhase {
  private hashOfUpload: string | undefined;
  /** The account the last upload (or reused path) belonged to; the cache is keyed by it. */
  private uploadAccount: string | undefined;
  /** Whether the path in use came from the cache or an early upload, not from this run's upload. */
  private reused = false;

  constructor(
    private readonly deps: UploadPhaseDeps,
    private upload: UploadPayload,
  ) {}

  /** A finished run never uploads again; Reproduce reads the stored source copy instead. */
  releaseUpload(): void {
    this.upload = { ...this.upload, bytes: new Uint8Array() };
  }

  /** Whether the path in use came from the cache or an early upload. */
  get reusedUpload(): boolean {
    return this.reused;
  }

  /** The upload's content hash, computed once per run (the bytes can be megabytes). */
  private uploadHash(): string | undefined {
    if (this.hashOfUpload === undefined && this.deps.uploads && this.deps.hash) {
      this.hashOfUpload = this.deps.hash(this.upload.bytes);
    }
    return this.hashOfUpload;
  }

  async forgetUpload(): Promise<void> {
    const hash = this.uploadHash();
    if (hash && this.uploadAccount !== undefined) {
      await this.deps.uploads!.forget(this.uploadAccount, hash);
    }
  }

  async uploadSource(signal: AbortSignal, reuse: boolean): Promise<string> {
    const { record } = this.deps;
    record.phase = 'uploading';
    this.deps.setProgress({ uploadPercent: 0 }, false);
    const hash = this.uploadHash();
    // Another key's paths are never reused: the cache answers per account.
    const account = hash ? await this.deps.uploads!.account().catch(() => undefined) : undefined;
    this.uploadAccount = account;
    const known =
      reuse && hash && account !== undefined
        ? this.deps.uploads!.lookup(account, hash) ?? (await this.earlyUpload(account, hash, signal))
        : undefined;
    this.reused = known !== undefined;
    if (known) {
      this.deps.log(`Generation ${record.id}: these bytes were uploaded before; reusing ${known}.`);
      record.uploadedPath = known;
      this.deps.setProgress({ uploadPercent: 100 }, false);
      return known;
    }
    await this.deps.commit();
    let lastPercent = 0;
    const { path } = await this.deps.client.uploadAsset(this.upload, {
      signal,
      onProgress: (sent, total) => {
        const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
        if (percent !== lastPercent) {
          lastPercent = percent;
          this.deps.setProgress({ uploadPercent: percent }, true);
        }
      },
    });
    record.uploadedPath = path;
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
    this.deps.setProgress({ uploadPercent: 0 }, true);
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
}
