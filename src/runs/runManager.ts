import type { ModelId, VariationOptions } from '../options/types';
import { extensionOf, mimeTypeOf, type UploadPayload } from '../shared/imageFormat';
import { type GenerationRecord, RECORD_VERSION, type StoredSource } from './record';
import { isTerminal } from './record';
import { type GenerationStore, newGenerationId } from './store';
import { CancelledWhileQueuedError, type RunQueue, type QueuedTask } from './queue';
import {
  GenerationRun,
  type DescribeFailure,
  type KnownUploads,
  type LiveProgress,
  type VariationClient,
} from './generationRun';
import type { Lease, RunOwnership } from './lease';
import { LocalRunOwnership } from './leaseLocal';
import { type RecoveryOutcome, recoverRun } from './recoverRun';
import { decideRecovery } from './resumeDecision';
import type { RunCostMeter } from './runCost';
import { type UnfinishedRuns, UnfinishedRunsInMemory } from './unfinishedRuns';

export interface StartRunParams {
  source: Omit<StoredSource, 'storedFile'>;
  /** The source file's bytes, copied into the generation folder as the run's reference. */
  sourceBytes: Uint8Array;
  upload: UploadPayload;
  model: ModelId;
  options: VariationOptions;
  apiOrigin: string;
}

export interface StartedRun {
  record: GenerationRecord;
  completion: Promise<GenerationRecord>;
}

export interface RunManagerDeps {
  store: GenerationStore;
  /** A client for the current settings and key; created per run so setting changes apply. */
  createClient(): VariationClient;
  describe: DescribeFailure;
  /** Uploads the API host already has (reused on repeat runs); absent means always upload. */
  knownUploads?(apiOrigin: string): KnownUploads;
  hash?: (bytes: Uint8Array) => string;
  /** Tells each run's cost from the account's figures; absent means no cost is told. */
  costMeter?: RunCostMeter;
  now: () => number;
  random: () => number;
  log: (message: string) => void;
  /** The origin of the API base now configured: a record is fetched only from the server that made it. */
  currentApiOrigin?(): string;
  /** Which window owns a running run (lease.ts); without it, only this window's own runs are known. */
  ownership?: RunOwnership;
  /** The runs started and not ended, read at startup (unfinishedRuns.ts); without it, kept in memory. */
  unfinished?: UnfinishedRuns;
}

export type { RecoveryOutcome } from './recoverRun';

type ChangeListener = (record: GenerationRecord, progress: LiveProgress) => void;

interface LiveRun {
  run: GenerationRun;
  task?: QueuedTask<GenerationRecord>;
  /** A Fetch Results Later under way; Cancel aborts it. */
  fetching?: AbortController;
  /** A resumed run's poll and downloads; Cancel aborts it. */
  resuming?: AbortController;
  /** Held while the run is live in this window: only the holder writes its record. */
  lease?: Lease;
}

/**
 * Owns the runs of this extension host: starts them through the queue, knows which are live,
 * and tells listeners (the gallery panels) about every change.
 */
export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly queueSubscription: { dispose(): void };
  private readonly ownership: RunOwnership;
  private readonly unfinished: UnfinishedRuns;
  /** Recoveries under way, so a gallery and the startup scan asking at once recover a run once. */
  private readonly recovering = new Map<string, Promise<RecoveryOutcome>>();
  private disposed = false;

  constructor(
    private readonly deps: RunManagerDeps,
    readonly queue: RunQueue,
  ) {
    this.ownership = deps.ownership ?? new LocalRunOwnership();
    this.unfinished = deps.unfinished ?? new UnfinishedRunsInMemory();
    this.queueSubscription = queue.onDidChange(() => {
      for (const { run, task } of this.live.values()) {
        if (task) {
          run.setQueuePosition(task.position());
        }
      }
    });
  }

  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async start(params: StartRunParams): Promise<StartedRun> {
    const now = new Date(this.deps.now());
    const id = newGenerationId(now, this.deps.random);
    const storedFile = `source.${extensionOf(params.source.format)}`;
    const record: GenerationRecord = {
      version: RECORD_VERSION,
      id,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      source: { ...params.source, storedFile },
      model: params.model,
      options: params.options,
      apiOrigin: params.apiOrigin,
      phase: 'queued',
      results: [],
    };
    // A new id: nobody else can hold its lease. It is on the list before anything is on disk.
    const lease = await this.ownership.acquire(id);
    await this.unfinished.add(id);
    await this.deps.store.createFolder(id);
    await this.deps.store.writeFile(id, storedFile, params.sourceBytes);
    await this.deps.store.save(record);

    const run = new GenerationRun(
      record,
      params.upload,
      this.runDeps(params.apiOrigin, lease),
      this.deps.describe,
    );
    const entry: LiveRun = { run, lease };
    this.watchLease(entry);
    this.live.set(id, entry);
    const task = this.queue.enqueue((signal) => run.execute(signal));
    entry.task = task;
    run.setQueuePosition(task.position());

    const completion = task.result.then(
      (finished) => finished,
      async (error) => {
        if (error instanceof CancelledWhileQueuedError) {
          await run.cancelQueued();
          return run.record;
        }
        throw error;
      },
    );
    void completion.finally(async () => {
      if (this.live.get(id) === entry) {
        entry.task = undefined;
      }
      await this.ended(entry);
    }).catch(() => undefined);
    this.emit(record, run.liveProgress);
    return { record, completion };
  }

  /** How many listeners are subscribed (tests check that closing panels leaves none behind). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  cancel(id: string): boolean {
    const entry = this.live.get(id);
    entry?.task?.cancel();
    entry?.fetching?.abort();
    entry?.resuming?.abort();
    return entry?.task !== undefined || entry?.fetching !== undefined || entry?.resuming !== undefined;
  }

  /**
   * Fetch Results Later for a run that is not running: one look at the server's record, then the
   * downloads. It is outside the queue, as a retried download is: it starts no generation.
   */
  async fetchLater(id: string): Promise<void> {
    await this.get(id);
    const entry = this.live.get(id);
    if (!entry || entry.task || entry.fetching || entry.resuming) {
      return;
    }
    const controller = new AbortController();
    entry.fetching = controller;
    try {
      await entry.run.fetchLater(controller.signal, this.deps.currentApiOrigin?.());
    } finally {
      entry.fetching = undefined;
    }
  }

  /**
   * The freshest record: the live one, else the stored one. A stored run that did not end is
   * recovered first (resumed, or marked interrupted with why), unless it is live in another
   * window: then it is shown as running there (`progress.elsewhere`) and left untouched.
   */
  async get(id: string): Promise<{ record: GenerationRecord; progress: LiveProgress } | undefined> {
    const entry = this.live.get(id);
    if (entry) {
      return { record: entry.run.record, progress: entry.run.liveProgress };
    }
    const stored = await this.deps.store.load(id);
    if (!stored) {
      return undefined;
    }
    if (!isTerminal(stored.phase) && (await this.recover(id)) === 'elsewhere') {
      return { record: (await this.deps.store.load(id)) ?? stored, progress: { elsewhere: true } };
    }
    const again = this.live.get(id);
    if (again) {
      return { record: again.run.record, progress: again.run.liveProgress };
    }
    const record = (await this.deps.store.load(id)) ?? stored;
    if (!isTerminal(record.phase)) {
      // Ended meanwhile, or another window has it now.
      return { record, progress: { elsewhere: true } };
    }
    this.adopt(record);
    return { record, progress: {} };
  }

  /** Whether a run is live in some window (this one included): the history asks before it calls a run interrupted. */
  async isRunningAnywhere(id: string): Promise<boolean> {
    return this.live.get(id)?.lease?.held === true || (await this.ownership.isRunning(id));
  }

  /** The runs that started and did not end, for the startup scan (resumeScan.ts). */
  unfinishedIds(): Promise<string[]> {
    return this.unfinished.list();
  }

  /**
   * Takes up a run found unfinished, if no live window owns it: resumes it when the server
   * accepted it and the API is the one that did, else marks it interrupted (or, for another API,
   * leaves it as it is) with words that say why.
   */
  recover(id: string): Promise<RecoveryOutcome> {
    const under = this.recovering.get(id);
    if (under) {
      return under;
    }
    const recovery = this.recoverOnce(id).finally(() => this.recovering.delete(id));
    this.recovering.set(id, recovery);
    return recovery;
  }

  private recoverOnce(id: string): Promise<RecoveryOutcome> {
    return recoverRun(id, {
      store: this.deps.store,
      unfinished: this.unfinished,
      isLive: (runId) => this.live.has(runId),
      acquire: (runId) => (this.disposed ? Promise.resolve(undefined) : this.ownership.acquire(runId)),
      decide: (record) => {
        const client = this.deps.createClient();
        return decideRecovery(record, this.deps.currentApiOrigin?.(), client.fetchResult !== undefined && client.awaitRecord !== undefined);
      },
      now: () => this.deps.now(),
      log: (message) => this.deps.log(message),
      adopt: (record) => this.adopt(record),
      resume: (record, lease) => this.resume(record, lease),
      emit: (record) => this.emit(record, {}),
    });
  }

  private resume(record: GenerationRecord, lease: Lease): void {
    const run = new GenerationRun(record, emptyPayload(record), this.runDeps(record.apiOrigin, lease), this.deps.describe);
    const controller = new AbortController();
    const entry: LiveRun = { run, lease, resuming: controller };
    this.live.set(record.id, entry);
    this.watchLease(entry);
    void run
      .resume(controller.signal)
      .finally(async () => {
        entry.resuming = undefined;
        await this.ended(entry);
      })
      .catch((error: unknown) => this.deps.log(`Generation ${record.id}: resuming failed: ${String(error)}`));
  }

  /** A run that lost its lease to another window stops at once; that window writes its record now. */
  private watchLease(entry: LiveRun): void {
    entry.lease?.onLost(() => {
      entry.run.detach();
      entry.task?.cancel();
      entry.resuming?.abort();
      entry.fetching?.abort();
      if (this.live.get(entry.run.record.id) === entry) {
        this.live.delete(entry.run.record.id);
      }
    });
  }

  /** A run's work ended: unless its window gave it up, it is off the list and its lease is free. */
  private async ended(entry: LiveRun): Promise<void> {
    if (entry.run.isDetached || !isTerminal(entry.run.record.phase)) {
      return;
    }
    await this.unfinished.remove(entry.run.record.id).catch(() => undefined);
    await entry.lease?.release().catch(() => undefined);
  }

  /** Kept without a task, so saves and retries on a run from an earlier session share one copy. */
  private adopt(record: GenerationRecord): void {
    if (!this.live.has(record.id)) {
      this.live.set(record.id, { run: new GenerationRun(record, emptyPayload(record), this.runDeps(record.apiOrigin), this.deps.describe) });
    }
  }

  async retryDownload(id: string, resultId: string): Promise<void> {
    await this.get(id);
    await this.live.get(id)?.run.retryDownload(resultId);
  }

  private runDeps(apiOrigin: string, lease?: Lease) {
    return {
      client: this.deps.createClient(),
      mayWrite: lease && (() => lease.confirm()),
      uploads: this.deps.knownUploads?.(apiOrigin),
      hash: this.deps.hash,
      store: this.deps.store,
      cost: this.deps.costMeter,
      now: this.deps.now,
      log: this.deps.log,
      onChange: (changed: GenerationRecord, progress: LiveProgress) => this.emit(changed, progress),
    };
  }

  /**
   * Changes a record outside its run (a save, a favourite) and tells the listeners. A run live in
   * this window is the only writer of its record, so the change goes to its copy; any other record
   * is read, changed and written under the store's lock, so another window's edit is not lost, and
   * this window's copy takes the result.
   */
  async updateRecord(
    id: string,
    mutate: (record: GenerationRecord) => void | false,
  ): Promise<GenerationRecord | undefined> {
    const entry = this.live.get(id);
    if (entry && (entry.task || entry.fetching || entry.resuming || !isTerminal(entry.run.record.phase))) {
      if (mutate(entry.run.record) !== false) {
        await this.deps.store.save(entry.run.record);
        this.emit(entry.run.record, entry.run.liveProgress);
      }
      return entry.run.record;
    }
    const updated = await this.deps.store.update(id, mutate);
    if (!updated) {
      return undefined;
    }
    const current = this.live.get(id);
    if (current) {
      Object.assign(current.run.record, updated);
    }
    this.emit(current?.run.record ?? updated, current?.run.liveProgress ?? {});
    return current?.run.record ?? updated;
  }

  private emit(record: GenerationRecord, progress: LiveProgress): void {
    for (const listener of this.listeners) {
      listener(record, progress);
    }
  }

  /**
   * The extension host is ending (reload, quit; in code-server it may even outlive the new
   * window). Live runs are given up, never marked failed or cancelled: their records stay as they
   * are, the list keeps them, and their leases are freed so the next start resumes them at once.
   */
  dispose(): void {
    this.disposed = true;
    this.queueSubscription.dispose();
    for (const { run, task, fetching, resuming, lease } of this.live.values()) {
      const live = task !== undefined || fetching !== undefined || resuming !== undefined;
      if (live) {
        run.detach();
      }
      task?.cancel();
      fetching?.abort();
      resuming?.abort();
      if (live) {
        void lease?.release().catch(() => undefined);
      }
    }
    this.listeners.clear();
  }
}

/** A run from an earlier session never uploads again: its payload is empty. */
function emptyPayload(record: GenerationRecord) {
  return { bytes: new Uint8Array(), fileName: '', mimeType: mimeTypeOf(record.source.format) };
}
