import type { ModelId, VariationOptions } from '../options/types';
import { extensionOf, mimeTypeOf, type UploadPayload } from '../shared/imageFormat';
import { type GenerationRecord, RECORD_VERSION, type StoredSource } from './record';
import { isTerminal } from './record';
import { type GenerationStore, markInterrupted, newGenerationId } from './store';
import { CancelledWhileQueuedError, type RunQueue, type QueuedTask } from './queue';
import {
  GenerationRun,
  type DescribeFailure,
  type KnownUploads,
  type LiveProgress,
  type VariationClient,
} from './generationRun';
import type { RunCostMeter } from './runCost';

export interface StartRunParams {
  source: Omit<StoredSource, 'storedFile'>;
  /** The source file's bytes, copied into the generation folder as the run's reference. */
  sourceBytes: Uint8Array;
  upload: UploadPayload;
  model: ModelId;
  options: VariationOptions;
  apiOrigin: string;
  /** A Vary run's parent and first run (src/runs/lineage.ts), kept in its record. */
  lineage?: Pick<GenerationRecord, 'parent' | 'lineageRoot'>;
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
}

type ChangeListener = (record: GenerationRecord, progress: LiveProgress) => void;

interface LiveRun {
  run: GenerationRun;
  task?: QueuedTask<GenerationRecord>;
  /** A Fetch Results Later under way; Cancel aborts it. */
  fetching?: AbortController;
}

/**
 * Owns the runs of this extension host: starts them through the queue, knows which are live,
 * and tells listeners (the gallery panels) about every change.
 */
export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly queueSubscription: { dispose(): void };

  constructor(
    private readonly deps: RunManagerDeps,
    readonly queue: RunQueue,
  ) {
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
    await this.deps.store.createFolder(id);
    await this.deps.store.writeFile(id, storedFile, params.sourceBytes);
    await this.deps.store.save(record);

    const run = new GenerationRun(
      record,
      params.upload,
      this.runDeps(params.apiOrigin),
      this.deps.describe,
    );
    const entry: LiveRun = { run };
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
    void completion.finally(() => {
      if (this.live.get(id) === entry) {
        entry.task = undefined;
      }
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
    return entry?.task !== undefined || entry?.fetching !== undefined;
  }

  /**
   * Fetch Results Later for a run that is not running: one look at the server's record, then the
   * downloads. It is outside the queue, as a retried download is: it starts no generation.
   */
  async fetchLater(id: string): Promise<void> {
    await this.get(id);
    const entry = this.live.get(id);
    if (!entry || entry.task || entry.fetching) {
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

  /** The freshest record: the live one, else the stored one (marked interrupted if it was cut off). */
  async get(id: string): Promise<{ record: GenerationRecord; progress: LiveProgress } | undefined> {
    const entry = this.live.get(id);
    if (entry) {
      return { record: entry.run.record, progress: entry.run.liveProgress };
    }
    const stored = await this.deps.store.load(id);
    if (!stored) {
      return undefined;
    }
    const again = this.live.get(id);
    if (again) {
      return { record: again.run.record, progress: again.run.liveProgress };
    }
    const record = isTerminal(stored.phase) ? stored : markInterrupted(stored, new Date(this.deps.now()));
    if (record !== stored) {
      await this.deps.store.save(record);
    }
    // Adopted without a task, so saves and retries on a run from an earlier session share one copy.
    // It never uploads again: its payload is empty.
    const adopted = new GenerationRun(
      record,
      { bytes: new Uint8Array(), fileName: '', mimeType: mimeTypeOf(record.source.format) },
      this.runDeps(record.apiOrigin),
      this.deps.describe,
    );
    this.live.set(id, { run: adopted });
    return { record, progress: {} };
  }

  async retryDownload(id: string, resultId: string): Promise<void> {
    await this.get(id);
    await this.live.get(id)?.run.retryDownload(resultId);
  }

  private runDeps(apiOrigin: string) {
    return {
      client: this.deps.createClient(),
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
    if (entry && (entry.task || entry.fetching || !isTerminal(entry.run.record.phase))) {
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

  dispose(): void {
    this.queueSubscription.dispose();
    for (const { task, fetching } of this.live.values()) {
      task?.cancel();
      fetching?.abort();
    }
    this.listeners.clear();
  }
}
