import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue } from './faults';
import type { RenderedImage } from './images';
import { Lifetime } from './lifetime';
import { Presigner } from './presign';
import type { EmulatedRecord } from './records';

export interface Latency {
  uploadBytesPerSecond?: number;
  generationMs?: number;
  downloadMs?: number;
}

export interface RecordedRequest {
  server: 'api' | 'asset';
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  upload?: { field: string; fileName: string; contentType: string; bytes: Buffer };
  startedAt: number;
  endedAt?: number;
  status?: number;
}

export interface StoredUpload {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** Results are kept in memory; past this many the oldest go (a long `npm start` session). */
const MAX_STORED_RESULTS = 400;

/** The state both servers share. Plain data and small helpers; the handlers live beside it. */
export class EmulatorCore {
  readonly lifetime = new Lifetime();
  readonly faults = new FaultQueue();
  readonly presigner = new Presigner();
  readonly requests: RecordedRequest[] = [];
  readonly keyLeaks: RecordedRequest[] = [];
  /** Known imageUrl values (asset keys) and their bytes; forgetUploads() empties it. */
  readonly uploads = new Map<string, StoredUpload>();
  readonly issuedPaths: string[] = [];
  readonly results = new Map<string, RenderedImage>();
  /** Result paths that a 'refuse-all-bases' fault has taken: refused everywhere until clearFaults(). */
  readonly refusedPaths = new Set<string>();
  /** Every accepted generation by its uuid, for `GET /api/results/{uuid}`. */
  readonly records = new Map<string, EmulatedRecord>();
  /** Generations being made: open synchronous calls plus asynchronous jobs not yet finished. */
  inFlight = 0;
  maxInFlight = 0;
  /** Starts where the documented example stands and grows with every run. */
  usedCredit = 363_000;
  readonly creditLimit = 100_000_000;
  /** Answers not yet closed, so close() can wait until every one has really ended. */
  readonly openResponses = new Set<ServerResponse>();
  apiOrigin = '';
  assetOrigin = '';
  private lastStamp = '';
  private stampCounter = 0;

  constructor(
    public apiKey: string,
    public withheld: number,
    public latency: Latency,
    readonly log: (line: string) => void,
  ) {}

  /** Ordered like the real defaults: the CDN-style host first, S3 path style second. */
  get assetBaseUrls(): string[] {
    return [this.assetOrigin, `${this.assetOrigin}/s3/asset.1min.ai`];
  }

  /** Records the request and returns a signal that fires if the client leaves before the answer. */
  track(server: RecordedRequest['server'], req: IncomingMessage, res: ServerResponse): { record: RecordedRequest; abort: AbortSignal } {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const record: RecordedRequest = {
      server,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: { ...req.headers },
      startedAt: Date.now(),
    };
    this.requests.push(record);
    const controller = new AbortController();
    this.openResponses.add(res);
    res.on('close', () => {
      this.openResponses.delete(res);
      record.endedAt = Date.now();
      record.status = res.headersSent ? res.statusCode : undefined;
      if (!res.writableFinished) {
        controller.abort();
      }
      this.log(`${server} ${record.method} ${record.path} -> ${record.status ?? 'no answer'} (${record.endedAt - record.startedAt} ms)`);
    });
    return { record, abort: controller.signal };
  }

  /** The `done` of every asynchronous job still counted (see `uncountJobs`). */
  readonly countedJobs = new Set<() => void>();

  /** Counts a generation in flight until `done` is called. */
  startGeneration(): () => void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let ended = false;
    const done = (): void => {
      if (!ended) {
        ended = true;
        this.inFlight -= 1;
        this.countedJobs.delete(done);
      }
    };
    return done;
  }

  /**
   * Stops counting the asynchronous jobs under way. A client that cancelled one no longer waits
   * for it, but it runs on; without this a test that follows would count it as its own.
   */
  uncountJobs(): void {
    for (const done of [...this.countedJobs]) {
      done();
    }
  }

  /** Resolves once every response has emitted 'close' (sockets end a turn or two after destroy). */
  async allResponsesClosed(): Promise<void> {
    await Promise.all([...this.openResponses].map((res) => new Promise((resolve) => res.once('close', resolve))));
  }

  storeResult(path: string, image: RenderedImage): void {
    this.results.set(path, image);
    while (this.results.size > MAX_STORED_RESULTS) {
      const oldest = this.results.keys().next().value as string;
      this.results.delete(oldest);
    }
  }

  /** `2025_10_22_11_15_29_408`-style stamps as in the documented paths, unique per emulator. */
  stamp(now: Date): string {
    const iso = now.toISOString();
    const base = `${iso.slice(0, 10).replace(/-/g, '_')}_${iso.slice(11, 19).replace(/:/g, '_')}_${iso.slice(20, 23)}`;
    if (base === this.lastStamp) {
      this.stampCounter += 1;
      return `${base}${this.stampCounter}`;
    }
    this.lastStamp = base;
    this.stampCounter = 0;
    return base;
  }
}
