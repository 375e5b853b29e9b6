import { extensionOf } from '../shared/imageFormat';
import { type GenerationRecord, RECORD_VERSION } from './record';
import { isTerminal } from './record';
import { newGenerationId } from './generationIds';
import { CancelledWhileQueuedError, type RunQueue } from './queue';
import { GenerationRun, emptyPayload, type LiveProgress } from './generationRun';
import type { Lease, RunOwnership } from './lease';
import { type LiveRun, LiveRunTable, isWorking } from './liveRunTable';
import { LocalRunOwnership } from './leaseLocal';
import { type RecoveryOutcome, recoverRun } from './recoverRun';
import { decideRecovery } from './resumeDecision';
import type { RunManagerDeps, StartRunParams, StartedRun } from './runManagerTypes';
import { type UnfinishedRuns, UnfinishedRunsInMemory, inCallOrder } from './unfinishedRuns';

export type { RunManagerDeps, StartRunParams, StartedRun } from './runManagerTypes';
export type { RecoveryOutcome } from './recoverRun';

type ChangeListener = (record: GenerationRecord, progress: LiveProgress) => void;

/**
 * Owns the runs of this extension host: starts them through the queue, knows which are live,
 * and tells listeners (the gallery panels) about every change.
 */
export class RunManager {
  private readonly live: LiveRunTable;
  private readonly listeners = new Set<ChangeListener>();
  private readonly queueSubscription: { dispose(): void };
  private readonly ownership: RunOwnership;
  private readonly unfinished: UnfinishedRuns;
  /** Recoveries under way, so a gallery and the startup scan asking at once recover a run once. */
  private readonly recovering = new Map<string, Promise<RecoveryOutcome>>();
  /** Runs found live in another window: looked at until they end, so this window shows how. */
  private readonly elsewhere = new Set<string>();
  private disposed = false;

  constructor(
    private readonly deps: RunManagerDeps,
    readonly queue: RunQueue,
  ) {
    this.ownership = deps.ownership ?? new LocalRunOwnership();
    // A run ending as Fetch Results Later starts on it must not take the fetch's entry away.
    this.unfinished = inCallOrder(deps.unfinished ?? new UnfinishedRunsInMemory());
    this.live = new LiveRunTable(this.unfinished);
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
      ...params.lineage,
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
    this.live.watchLease(entry);
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
      await this.live.ended(entry);
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
    return entry !== undefined && isWorking(entry);
  }

  /**
   * Fetch Results Later for a run that is not running: one look at the server's record, then the
   * downloads. It is outside the queue, as a retried download is: it starts no generation.
   */
  async fetchLater(id: string): Promise<void> {
    await this.get(id);
    const entry = this.live.get(id);
    if (!entry || isWorking(entry)) {
      return;
    }
    // While it looks and downloads the run is live again: this window holds its lease and it is on
    // the list, so a reload meanwhile leaves it to be resumed. The entry is replaced at once, so a
    // run that has just ended here (its lease not yet released) hands its lease over.
    const record = entry.run.record;
    const controller = new AbortController();
    const fetching: LiveRun = { run: entry.run, fetching: controller, lease: entry.lease?.held ? entry.lease : undefined };
    this.live.set(id, fetching);
    fetching.lease ??= await this.ownership.acquire(id);
    if (!fetching.lease) {
      this.live.set(id, entry);
      this.deps.log(`Generation ${id}: another window is fetching its results; this one shows them when they arrive.`);
      return;
    }
    await this.unfinished.add(id);
    fetching.run = new GenerationRun(record, emptyPayload(record), this.runDeps(record.apiOrigin, fetching.lease), this.deps.describe);
    this.live.watchLease(fetching);
    try {
      await fetching.run.fetchLater(controller.signal, this.deps.currentApiOrigin?.());
    } finally {
      fetching.fetching = undefined;
      await this.live.ended(fetching);
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

  /** The runs that started and did not end, and those shown as running elsewhere, for the scan (resumeScan.ts). */
  async unfinishedIds(): Promise<string[]> {
    const listed = await this.unfinished.list();
    return [...new Set([...listed, ...this.elsewhere])];
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
    const recovery = recoverRun(id, {
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
    })
      .then((outcome) => {
        // Watched until it ends there, even once that window takes it off the list.
        if (outcome === 'elsewhere') {
          this.elsewhere.add(id);
        } else {
          this.elsewhere.delete(id);
        }
        return outcome;
      })
      .finally(() => this.recovering.delete(id));
    this.recovering.set(id, recovery);
    return recovery;
  }

  private resume(record: GenerationRecord, lease: Lease): void {
    const run = new GenerationRun(record, emptyPayload(record), this.runDeps(record.apiOrigin, lease), this.deps.describe);
    const controller = new AbortController();
    const entry: LiveRun = { run, lease, resuming: controller };
    this.live.set(record.id, entry);
    this.live.watchLease(entry);
    void run
      .resume(controller.signal)
      .finally(async () => {
        entry.resuming = undefined;
        await this.live.ended(entry);
      })
      .catch((error: unknown) => this.deps.log(`Generation ${record.id}: resuming failed: ${String(error)}`));
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
    // The live run's own copy while it is live (only its lease holder writes it). Once it has
    // ended (its task may still be settling), another window may edit it too (a favourite), so
    // an edit then reads the record on disk under the store's lock like any finished record.
    if (entry && (entry.fetching || entry.resuming || !isTerminal(entry.run.record.phase))) {
      if (mutate(entry.run.record) !== false) {
        await this.deps.store.save(entry.run.record);
        this.emit(entry.run.record, entry.run.liveProgress);
      }
      return entry.run.record;
    }
    // The run may have ended a moment ago: its last commit must be on disk before the disk is read.
    await entry?.run.written();
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
    this.live.giveUpAll();
    this.listeners.clear();
  }
}

