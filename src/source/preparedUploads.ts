import { contentHash } from '../runs/uploadCache';
import type { PreparedUpload, PrepareOptions, PrepareResult } from '../imaging/prepareUpload';

type Prepare = (name: string, bytes: Uint8Array, options: PrepareOptions) => Promise<PrepareResult>;

export interface PreparedUploadsLimits {
  /** How many prepared uploads are kept. */
  capacity: number;
  /** How many bytes they may hold together; the least recently used go first. */
  maxBytes: number;
  /** How long one is kept after its last use: repeat runs come soon, or not at all. */
  keepMs: number;
}

export const PREPARED_UPLOADS_LIMITS: PreparedUploadsLimits = { capacity: 8, maxBytes: 48 * 1024 * 1024, keepMs: 5 * 60 * 1000 };

export interface PreparedUploadsClock {
  now(): number;
  /** Runs `sweep` after `ms`; must not keep the process alive (an unref'd timer). */
  later(sweep: () => void, ms: number): void;
}

const systemClock: PreparedUploadsClock = {
  now: () => Date.now(),
  later: (sweep, ms) => {
    setTimeout(sweep, ms).unref?.();
  },
};

interface Entry {
  upload: PreparedUpload;
  usedAt: number;
}

/**
 * Remembers the last few prepared uploads by source content and options: a repeat run on the
 * same image (the common case) skips decoding and scaling, and then reuses its upload too.
 * Each can be megabytes, so they are kept a few minutes and within a byte budget, not a session.
 */
export class PreparedUploads {
  private readonly entries = new Map<string, Entry>();
  private sweepScheduled = false;

  constructor(
    private readonly prepare: Prepare,
    private readonly limits: PreparedUploadsLimits = PREPARED_UPLOADS_LIMITS,
    private readonly clock: PreparedUploadsClock = systemClock,
  ) {}

  async get(name: string, bytes: Uint8Array, options: PrepareOptions): Promise<PrepareResult> {
    this.sweep();
    const key = `${contentHash(bytes)}|${options.downscale}|${options.keepMetadata}|${options.maxUploadBytes}|${name}`;
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, { upload: known.upload, usedAt: this.clock.now() });
      return { ok: true, upload: known.upload };
    }
    const result = await this.prepare(name, bytes, options);
    if (result.ok) {
      this.entries.set(key, { upload: result.upload, usedAt: this.clock.now() });
      this.trim();
      this.scheduleSweep();
    }
    return result;
  }

  /** How many bytes the kept uploads hold (tests check that they are let go). */
  get heldBytes(): number {
    let total = 0;
    for (const { upload } of this.entries.values()) {
      total += upload.bytes.byteLength;
    }
    return total;
  }

  private trim(): void {
    while (this.entries.size > this.limits.capacity || (this.entries.size > 1 && this.heldBytes > this.limits.maxBytes)) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  private sweep(): void {
    const oldest = this.clock.now() - this.limits.keepMs;
    for (const [key, entry] of this.entries) {
      if (entry.usedAt <= oldest) {
        this.entries.delete(key);
      }
    }
  }

  private scheduleSweep(): void {
    if (this.sweepScheduled) {
      return;
    }
    this.sweepScheduled = true;
    this.clock.later(() => {
      this.sweepScheduled = false;
      this.sweep();
      if (this.entries.size > 0) {
        this.scheduleSweep();
      }
    }, this.limits.keepMs);
  }
}
