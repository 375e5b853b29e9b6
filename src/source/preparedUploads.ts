import { contentHash } from '../runs/uploadCache';
import type { PreparedUpload, PrepareOptions, PrepareResult } from '../imaging/prepareUpload';

type Prepare = (name: string, bytes: Uint8Array, options: PrepareOptions) => Promise<PrepareResult>;

/**
 * Remembers the last few prepared uploads by source content and options: a repeat run on the
 * same image (the common case) skips decoding and scaling, and then reuses its upload too.
 */
export class PreparedUploads {
  private readonly entries = new Map<string, PreparedUpload>();

  constructor(
    private readonly prepare: Prepare,
    private readonly capacity = 8,
  ) {}

  async get(name: string, bytes: Uint8Array, options: PrepareOptions): Promise<PrepareResult> {
    const key = `${contentHash(bytes)}|${options.downscale}|${options.keepMetadata}|${options.maxUploadBytes}|${name}`;
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return { ok: true, upload: known };
    }
    const result = await this.prepare(name, bytes, options);
    if (result.ok) {
      this.entries.set(key, result.upload);
      while (this.entries.size > this.capacity) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
    }
    return result;
  }
}
