/**
 * Writing to global storage when the disk misbehaves: which failures are worth another try (a
 * rename refused for a moment while a virus scanner or indexer holds the file), why a write
 * failed for good, as a fact, and the words for it. Plain code: the store hands its writes in.
 */
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';
import { errorMessage } from '../shared/errorMessage';

/** Why a write to global storage failed for good; a fact kept in records, put into words when shown. */
export type StorageFailureReason = 'disk-full' | 'no-permission' | 'other';

/**
 * Codes that clear up on their own within moments. `NoPermissions` and `Unavailable` are how
 * `workspace.fs` reports EPERM/EACCES and EBUSY, so they get their few tries too.
 */
const TRANSIENT_CODES = new Set(['EPERM', 'EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'ETXTBSY', 'NoPermissions', 'Unavailable']);

/** The pauses before the second, third and fourth tries: short, the run is waiting. */
export const STORE_RETRY_DELAYS_MS: readonly number[] = [50, 150, 400];

/** The error's code (node:fs `code`, a `FileSystemError`'s code), else an errno name in its text. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0 && code !== 'Unknown') {
    return code;
  }
  return /\b(E[A-Z]{3,})\b/.exec(errorMessage(error))?.[1];
}

export function isTransientWriteError(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

export function storageFailureReason(error: unknown): StorageFailureReason {
  const code = errorCodeOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT' || /no space/i.test(errorMessage(error))) {
    return 'disk-full';
  }
  if (code === 'EPERM' || code === 'EACCES' || code === 'EROFS' || code === 'NoPermissions') {
    return 'no-permission';
  }
  return 'other';
}

/** A write to global storage that failed after its tries; the store has removed its temporary file. */
export class StoreWriteError extends Error {
  readonly reason: StorageFailureReason;

  constructor(
    readonly relativePath: string,
    failure: unknown,
  ) {
    super(`Could not write ${relativePath} to global storage: ${errorMessage(failure)}`, { cause: failure });
    this.name = 'StoreWriteError';
    this.reason = storageFailureReason(failure);
  }
}

export interface WriteRetryTiming {
  delaysMs: readonly number[];
  sleep(ms: number): Promise<void>;
}

/**
 * Runs `attempt` again after each pause while it fails with a transient code; any other failure,
 * or the last, is thrown as it is. `cleanUp` runs after every failed try (its temporary file).
 */
export async function withWriteRetries<T>(
  attempt: () => Promise<T>,
  timing: WriteRetryTiming,
  cleanUp: () => Promise<void>,
): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      await cleanUp().catch(() => undefined);
      if (tried >= timing.delaysMs.length || !isTransientWriteError(error)) {
        throw error;
      }
      await timing.sleep(timing.delaysMs[tried]);
    }
  }
}

/** Why global storage refused a write, as the end of a sentence ("…: the disk is full."). */
export function describeStorageFailure(reason: StorageFailureReason): string {
  switch (reason) {
    case 'disk-full':
      return l10n.t('the disk is full');
    case 'no-permission':
      return l10n.t('the storage folder is read-only or you lack permission');
    case 'other':
      return l10n.t('the storage folder could not be written');
    default:
      return assertNever(reason);
  }
}

/** What a failed write means for the user, and what still works. */
export type StoreWriteFailure =
  /** A result arrived but could not be stored: its bytes stay in this window's memory. */
  | { kind: 'result-held'; generationId: string; fileName: string; reason: StorageFailureReason }
  /** The record could not be updated: the last one written stays on disk, this window keeps the newer. */
  | { kind: 'record-held'; generationId: string; reason: StorageFailureReason };

export function storeWriteFailureMessage(failure: StoreWriteFailure, sourceName: string): string {
  const why = describeStorageFailure(failure.reason);
  switch (failure.kind) {
    case 'result-held':
      return l10n.t(
        'A variation of {0} could not be stored in the extension\'s storage: {1}. It is kept in this window until it closes: use Save or Save As… to write it elsewhere.',
        sourceName,
        why,
      );
    case 'record-held':
      return l10n.t(
        'The run of {0} could not be recorded in the extension\'s storage: {1}. This window keeps its results until it closes: save the ones you want.',
        sourceName,
        why,
      );
    default:
      return assertNever(failure);
  }
}
