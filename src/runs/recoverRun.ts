/**
 * What a window does with a run it finds unfinished (the startup scan, or a gallery asking for
 * it): if no live window owns it, take its lease and resume it, or mark it interrupted with why,
 * or (another API configured) leave it as it is. The decision is resumeDecision.ts's.
 */
import { assertNever } from '../shared/guards';
import type { Lease } from './lease';
import { type GenerationRecord, isTerminal, markInterrupted } from './record';
import { type RecoveryDecision, describeDecision } from './resumeDecision';
import type { GenerationStore } from './store';
import type { UnfinishedRuns } from './unfinishedRuns';

/** What became of a run found unfinished: resumed, marked, left alone, or already in hand. */
export type RecoveryOutcome = RecoveryDecision['kind'] | 'elsewhere' | 'here' | 'missing';

/** What the recovery needs of the run manager. */
export interface RecoveryHost {
  store: GenerationStore;
  unfinished: UnfinishedRuns;
  /** Whether this window has the run in hand already. */
  isLive(id: string): boolean;
  /** The run's lease, or undefined while another window holds it live. */
  acquire(id: string): Promise<Lease | undefined>;
  decide(record: GenerationRecord): RecoveryDecision;
  now(): number;
  log(message: string): void;
  /** Keeps a record that is not running (so saves and retries share one copy). */
  adopt(record: GenerationRecord): void;
  /** Starts polling and downloading under the lease. */
  resume(record: GenerationRecord, lease: Lease): void;
  /** Tells the listeners (open galleries, the history) of a changed record. */
  emit(record: GenerationRecord): void;
}

export async function recoverRun(id: string, host: RecoveryHost): Promise<RecoveryOutcome> {
  if (host.isLive(id)) {
    return 'here';
  }
  const seen = await host.store.load(id);
  if (seen && isTerminal(seen.phase)) {
    await host.unfinished.remove(id);
    // Another window may have finished it while this one showed it as running there.
    host.adopt(seen);
    host.emit(seen);
    return 'finished';
  }
  const lease = await host.acquire(id);
  if (!lease) {
    return 'elsewhere';
  }
  // Read again under the lease: the window that held it may have written its last change just now
  // (and a run just started elsewhere is on the list a moment before its record is on disk).
  const record = (await host.store.load(id)) ?? seen;
  if (!record) {
    await lease.release();
    await host.unfinished.remove(id);
    return 'missing';
  }
  const decision = host.decide(record);
  host.log(`Generation ${id} was not finished when its window ended: ${describeDecision(decision)}.`);
  switch (decision.kind) {
    case 'finished':
      await lease.release();
      await host.unfinished.remove(id);
      host.adopt(record);
      break;
    case 'resume':
      host.resume(record, lease);
      break;
    case 'interrupted-unpaid':
    case 'interrupted-paid': {
      const marked = markInterrupted(record, new Date(host.now()));
      await host.store.save(marked);
      await lease.release();
      await host.unfinished.remove(id);
      host.adopt(marked);
      host.emit(marked);
      break;
    }
    case 'other-api':
      // Left on disk as it is (and on the list): it resumes once the setting points back there.
      // Here it reads as failed with the reason, offering Fetch Results Later and the settings.
      await lease.release();
      host.adopt({
        ...record,
        phase: 'failed',
        failure: { kind: 'other-api', facts: { what: 'other-api', apiOrigin: decision.apiOrigin }, actions: ['fetchLater', 'openSettings'] },
      });
      break;
    default:
      assertNever(decision);
  }
  return decision.kind;
}
