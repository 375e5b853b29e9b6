/**
 * The startup scan: once activation is over, every run on the list of unfinished runs is
 * recovered (resumed, or marked with why). Runs live in another window are looked at again every
 * few seconds, so one whose window went away (its lease goes stale) is taken over, and one that
 * window finished is shown finished here too.
 */
import { LEASE_HEARTBEAT_MS } from './lease';
import type { RecoveryOutcome } from './recoverRun';

export interface ResumeScanDeps {
  unfinishedIds(): Promise<string[]>;
  recover(id: string): Promise<RecoveryOutcome>;
  log(message: string): void;
  /** Defaults to setTimeout; tests pass their own. */
  schedule?(callback: () => void, ms: number): { dispose(): void };
  /** How often the list is looked at again after the first pass. */
  everyMs?: number;
}

export interface ResumeScan {
  /** The first pass's outcomes by generation id (for tests and the log). */
  readonly firstPass: Promise<Map<string, RecoveryOutcome>>;
  dispose(): void;
}

/** Starts the scan after `delayMs` (activation stays quick); each pass reads only the list. */
export function startResumeScan(deps: ResumeScanDeps, delayMs = 0): ResumeScan {
  const schedule = (callback: () => void, ms: number): { dispose(): void } => {
    if (deps.schedule) {
      return deps.schedule(callback, ms);
    }
    const timer = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(timer) };
  };
  const everyMs = deps.everyMs ?? LEASE_HEARTBEAT_MS;
  let next: { dispose(): void } | undefined;
  let disposed = false;
  let resolveFirst!: (outcomes: Map<string, RecoveryOutcome>) => void;
  const firstPass = new Promise<Map<string, RecoveryOutcome>>((resolve) => {
    resolveFirst = resolve;
  });
  let first = true;

  const pass = async (): Promise<Map<string, RecoveryOutcome>> => {
    const outcomes = new Map<string, RecoveryOutcome>();
    for (const id of await deps.unfinishedIds()) {
      if (disposed) {
        break;
      }
      try {
        outcomes.set(id, await deps.recover(id));
      } catch (error) {
        deps.log(`Generation ${id}: could not be recovered: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return outcomes;
  };

  const run = () => {
    void pass()
      .catch((error: unknown) => {
        deps.log(`The scan for unfinished runs failed: ${error instanceof Error ? error.message : String(error)}`);
        return new Map<string, RecoveryOutcome>();
      })
      .then((outcomes) => {
        if (first) {
          first = false;
          const counted = [...outcomes.values()].filter((outcome) => outcome !== 'here');
          if (counted.length > 0) {
            deps.log(`Unfinished runs at startup: ${[...outcomes].map(([id, outcome]) => `${id} ${outcome}`).join(', ')}.`);
          }
          resolveFirst(outcomes);
        }
        if (!disposed) {
          next = schedule(run, everyMs);
        }
      });
  };

  next = schedule(run, delayMs);
  return {
    firstPass,
    dispose: () => {
      disposed = true;
      next?.dispose();
      resolveFirst(new Map());
    },
  };
}
