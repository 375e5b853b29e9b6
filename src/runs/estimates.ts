/**
 * "Runs like this usually take about 38 s": the median time, from the paid call to the final
 * record, of this user's last finished, successful runs with the same model, outputs, steps and
 * megapixels against the same API origin (so emulator runs estimate emulator runs). With fewer
 * than three such runs there is no number: a wrong estimate misled more than none.
 *
 * Durations are kept in memory, learnt from the records the history index lists and from this
 * window's runs as they end; a run asks once, when it starts, and never waits for a disk read.
 */
import { isTerminal, type GenerationRecord } from './record';

/** How many of the latest matching runs the median is taken over. */
export const ESTIMATE_SAMPLE = 10;
/** Below this many matching runs, no estimate. */
export const MIN_RUNS_FOR_ESTIMATE = 3;

/** What makes two runs alike enough to time one by the other. */
export function settingsKey(record: Pick<GenerationRecord, 'apiOrigin' | 'model' | 'options'>): string {
  const { num_outputs, num_inference_steps, megapixels } = record.options;
  return JSON.stringify([record.apiOrigin, record.model, num_outputs, num_inference_steps, megapixels]);
}

export interface RunDuration {
  /** Epoch ms of the final record: the latest runs count. */
  finishedAt: number;
  ms: number;
}

/**
 * How long a finished, successful run took from its paid call to its final record; undefined for
 * a run that failed, was cancelled, lost a result or has no paid-call time (records of 0.1.0 do).
 */
export function runDuration(record: GenerationRecord): RunDuration | undefined {
  const everyResultReady = record.results.length > 0 && record.results.every((result) => result.status === 'ready');
  if (record.phase !== 'done' || !everyResultReady || (record.withheld ?? 0) > 0 || record.generateStartedAt === undefined) {
    return undefined;
  }
  // updatedAt is written by the run alone (later edits such as favourites and saves leave it be).
  const finishedAt = Date.parse(record.updatedAt);
  const ms = finishedAt - record.generateStartedAt;
  return Number.isFinite(ms) && ms > 0 ? { finishedAt, ms } : undefined;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Seconds a run like these usually takes: the median of the latest ESTIMATE_SAMPLE, or undefined with too few. */
export function typicalSecondsOf(durations: Iterable<RunDuration>): number | undefined {
  const latest = [...durations].sort((a, b) => b.finishedAt - a.finishedAt).slice(0, ESTIMATE_SAMPLE);
  if (latest.length < MIN_RUNS_FOR_ESTIMATE) {
    return undefined;
  }
  const ms = median(latest.map((duration) => duration.ms));
  return ms === undefined ? undefined : ms / 1000;
}

export interface RunEstimatesDeps {
  /**
   * The stored records, read once in the background when this window's first run starts (the
   * history index: one file and a listing). Absent where there is no index: the estimates then
   * learn from what the history lists and from this window's runs.
   */
  readPast?(): Promise<readonly GenerationRecord[]>;
  log?(message: string): void;
}

export class RunEstimates {
  /** Durations by settings key, then by generation id (a record learnt twice counts once). */
  private readonly durations = new Map<string, Map<string, RunDuration>>();
  /** Each running run's estimate, worked out once when it is first asked for. */
  private readonly settled = new Map<string, number | undefined>();
  private pastRead: 'no' | 'reading' | 'read' = 'no';
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RunEstimatesDeps = {}) {}

  /** Records as the history lists them (any order): the successful ones are remembered. */
  learn(records: Iterable<GenerationRecord>): void {
    for (const record of records) {
      const duration = runDuration(record);
      if (!duration) {
        continue;
      }
      const key = settingsKey(record);
      let alike = this.durations.get(key);
      if (!alike) {
        alike = new Map();
        this.durations.set(key, alike);
      }
      alike.set(record.id, duration);
    }
  }

  /** Every change of this window's runs: an ended run is learnt; the first running one reads the past. */
  observe(record: GenerationRecord): void {
    if (isTerminal(record.phase)) {
      this.settled.delete(record.id);
      this.learn([record]);
    } else {
      this.readPastOnce();
    }
  }

  /**
   * How long runs like this one usually take, in seconds, or undefined with fewer than
   * MIN_RUNS_FOR_ESTIMATE alike. Settled on the first answer, so the number does not move while
   * the run runs; an early "don't know" is asked again once the past has been read.
   */
  typicalSeconds(record: GenerationRecord): number | undefined {
    if (this.settled.has(record.id)) {
      return this.settled.get(record.id);
    }
    const alike = this.durations.get(settingsKey(record));
    const others = alike ? [...alike].filter(([id]) => id !== record.id).map(([, duration]) => duration) : [];
    const typical = typicalSecondsOf(others);
    if (typical !== undefined || this.pastRead === 'read' || !this.deps.readPast) {
      this.settled.set(record.id, typical);
    }
    return typical;
  }

  /** Resolves once the background read (if any) is over: tests. */
  whenRead(): Promise<void> {
    return this.reading;
  }

  private readPastOnce(): void {
    if (!this.deps.readPast || this.pastRead !== 'no') {
      return;
    }
    this.pastRead = 'reading';
    this.reading = this.deps.readPast().then(
      (records) => {
        this.learn(records);
        this.pastRead = 'read';
      },
      (error: unknown) => {
        // Without the past there is simply no estimate yet; the history's own listings still teach.
        this.pastRead = 'read';
        this.deps.log?.(`Estimates: could not read past runs: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }
}
