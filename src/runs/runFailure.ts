/**
 * What a run keeps of the error that ended it (or one of its downloads): its kind and facts, the
 * actions to offer, and a line for the log. Only facts go to the record; an error that is not the
 * API's (a bug, a disk error) is recorded as `internal`, its text going to the log alone.
 */
import { isFluxReduxError } from '../api/errors';
import type { ActionId } from '../shared/protocol';
import type { FailureDescription } from './generationRun';
import { CancelledWhileQueuedError } from './queue';
import { fetchLaterAfter } from './runActions';
import { StoreWriteError } from './storeWrite';

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof CancelledWhileQueuedError) {
    return {
      kind: 'cancelled',
      facts: { what: 'cancelled-in-queue' },
      actions: [],
      cancelled: true,
      unknownAsset: false,
      logText: error.message,
    };
  }
  if (isFluxReduxError(error)) {
    const actions: ActionId[] = [];
    if (fetchLaterAfter(error)) {
      actions.push('fetchLater');
    }
    if (error.action) {
      actions.push(error.action);
    }
    if (!actions.includes('showLog')) {
      actions.push('showLog');
    }
    return {
      kind: error.kind,
      facts: error.facts,
      actions,
      ...(error.recordId ? { recordId: error.recordId } : {}),
      cancelled: error.kind === 'cancelled',
      unknownAsset: error.kind === 'unknown-asset',
      logText: error.recordId ? `${error.message} (server record ${error.recordId})` : error.message,
    };
  }
  if (error instanceof StoreWriteError) {
    return {
      kind: 'internal',
      facts: { what: 'storage-failed', reason: error.reason },
      actions: ['showLog'],
      cancelled: false,
      unknownAsset: false,
      logText: error.message,
    };
  }
  return {
    kind: 'internal',
    facts: { what: 'internal' },
    actions: ['showLog'],
    cancelled: false,
    unknownAsset: false,
    logText: `unexpected error: ${internalDetail(error)}`,
  };
}

/** The stack when there is one: the log is where a bug is found from. */
function internalDetail(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ?? `${error.name}: ${error.message}`;
  }
  return String(error);
}
