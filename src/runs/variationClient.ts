import type { ImageFormat, UploadPayload } from '../shared/imageFormat';
import type { ModelId, VariationOptions } from '../options/types';

/** What a run needs of the API client (src/api/client.ts implements it). */
export interface VariationClient {
  uploadAsset(
    file: UploadPayload,
    opts?: { signal?: AbortSignal; onProgress?(sentBytes: number, totalBytes: number): void },
  ): Promise<{ path: string }>;
  generateVariations(
    req: { model: ModelId; imageUrl: string; options: VariationOptions },
    opts?: {
      signal?: AbortSignal;
      /** The server accepted an asynchronous generation; awaited before the first poll. */
      onAccepted?(accepted: { recordId: string; acceptedAt: number }): Promise<void>;
    },
  ): Promise<Generation & { mode?: 'async' | 'sync' }>;
  /** One look at a record accepted earlier, for Fetch Results Later: never a new generation. */
  fetchResult?(
    recordId: string,
    opts?: { signal?: AbortSignal },
  ): Promise<{ kind: 'processing' } | { kind: 'finished'; result: Generation }>;
  /**
   * Polls a record accepted earlier until it is final (a resumed run), bounded by the time limit
   * counted from `paidAt`, the paid call's time. Never a new generation.
   */
  awaitRecord?(recordId: string, opts: { paidAt: number; signal?: AbortSignal }): Promise<Generation>;
  downloadResult(
    resultPath: string,
    temporaryUrl: string | undefined,
    opts?: { signal?: AbortSignal },
  ): Promise<{ bytes: Uint8Array; format: ImageFormat; width: number; height: number; extension: string }>;
}

/** What the server says a finished generation made. */
export interface Generation {
  recordId?: string;
  resultPaths: string[];
  temporaryUrl?: string;
  credits?: { used: number; limit: number };
  /** `usedCredit` in the paid call's own answer (one request late: before this call was billed). */
  usedAtPaidCall?: number;
}
