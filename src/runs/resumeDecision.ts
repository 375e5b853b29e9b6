/**
 * What a window does with a run it finds unfinished and owned by no live window (its own window
 * reloaded, crashed or quit): resume it, or say why not. Decided from the record alone.
 */
import { assertNever } from '../shared/guards';
import { type GenerationRecord, isTerminal } from './record';

export type RecoveryDecision =
  /** It ended after all (another window finished it meanwhile): nothing to do. */
  | { kind: 'finished' }
  /** The server accepted it and the API is the one that did: poll its record, download what is missing. */
  | { kind: 'resume'; recordId: string }
  /** The paid call never went out: interrupted, no credits spent, never started again on its own. */
  | { kind: 'interrupted-unpaid' }
  /** The paid call went out but no record id came back: interrupted, credits may have been spent. */
  | { kind: 'interrupted-paid' }
  /** The server accepted it, but fluxRedux.apiBaseUrl now points elsewhere: the key goes nowhere else. */
  | { kind: 'other-api'; apiOrigin: string };

/**
 * `currentApiOrigin` is the origin of the API base configured now; `canFetch` whether this
 * window's client can look a record up (without it nothing can be resumed).
 */
export function decideRecovery(record: GenerationRecord, currentApiOrigin: string | undefined, canFetch: boolean): RecoveryDecision {
  if (isTerminal(record.phase)) {
    return { kind: 'finished' };
  }
  if (record.generateStartedAt === undefined) {
    return { kind: 'interrupted-unpaid' };
  }
  if (record.recordId === undefined || !canFetch || currentApiOrigin === undefined) {
    return { kind: 'interrupted-paid' };
  }
  if (record.apiOrigin !== currentApiOrigin) {
    return { kind: 'other-api', apiOrigin: record.apiOrigin };
  }
  return { kind: 'resume', recordId: record.recordId };
}

/** For the log: what became of a run found unfinished. */
export function describeDecision(decision: RecoveryDecision): string {
  switch (decision.kind) {
    case 'finished':
      return 'it had ended meanwhile';
    case 'resume':
      return `resuming record ${decision.recordId}`;
    case 'interrupted-unpaid':
      return 'interrupted before the paid call (no credits spent); not started again';
    case 'interrupted-paid':
      return 'interrupted after the paid call, with no record id to fetch (credits may have been spent)';
    case 'other-api':
      return `left as it is: made through ${decision.apiOrigin}, and fluxRedux.apiBaseUrl now points elsewhere`;
    default:
      return assertNever(decision);
  }
}
