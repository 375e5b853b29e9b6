import type { FluxReduxErrorKind } from '../api/errors';
import type { FailureFacts } from '../api/failureFacts';
import type { ImageFormat } from '../shared/imageFormat';
import type { ActionId } from '../shared/protocol';
import type { ModelId, VariationOptions } from '../options/types';
import type { StorageFailureReason } from './storeWrite';

/**
 * What a generation leaves on disk, in `<globalStorage>/generations/<id>/record.json`.
 * Everything the gallery needs after a reload is here; nothing secret is.
 *
 * Versions: 1 (0.1.0) kept failures as sentences in the language of the day (`message`, `error`);
 * 2 keeps their kinds and facts, and the words are made when shown (failureText.ts). A version-1
 * record is read as it is, its sentences shown verbatim, and written as version 2 only when it is
 * changed for a reason of its own. After 2, the format only gains fields (the asynchronous mode
 * added `generationMode` and `pollingSince`, and the failure facts of polling and Fetch Results Later).
 */
export const RECORD_VERSION = 2;
export type RecordVersion = 1 | typeof RECORD_VERSION;

export type RunPhase =
  | 'queued'
  | 'uploading'
  | 'generating'
  | 'downloading'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'interrupted';

export const TERMINAL_PHASES: readonly RunPhase[] = ['done', 'failed', 'cancelled', 'interrupted'];

export interface StoredSource {
  /** The file the user chose, as a URI string (may be outside every workspace folder). */
  uri: string;
  name: string;
  /** File name of the copy inside the generation folder. */
  storedFile: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  /** File name of its history thumbnail (≤ 256 px WebP) in the generation folder, once made (version 2 addition). */
  thumbnail?: string;
}

export interface StoredResult {
  id: string;
  index: number;
  status: 'pending' | 'ready' | 'failed';
  /** The server's path of this result, kept so a failed download can be retried. */
  resultPath?: string;
  file?: string;
  format?: ImageFormat;
  width?: number;
  height?: number;
  bytes?: number;
  /** Where the result was last saved, as the user reads it (workspace-relative when it can be). */
  savedTo?: string;
  /** The same place as a URI string, so a click on the saved name can reveal the very file. */
  savedUri?: string;
  failure?: ResultFailure;
  /** Version 1 only: why it failed, as a sentence in the language of its day. */
  error?: string;
  /** Marked a favourite (version 2 addition): Clear History and the storage cap keep its run. */
  favourite?: boolean;
  /**
   * Version 2 addition: a ready result global storage refused (why), kept only in the memory of
   * the window that downloaded it; read back later it is a failed result (store.ts).
   */
  notStored?: StorageFailureReason;
  /** File name of its history thumbnail (≤ 256 px WebP) in the generation folder, once made (version 2 addition). */
  thumbnail?: string;
}

/**
 * Why a run or a result failed, as facts: the API's (see api/failureFacts.ts) or the run's own.
 * Plain JSON, never a sentence and never the key.
 */
export type RecordedFacts =
  | FailureFacts
  /** Not the API's doing (a bug, a disk error): the details are in the log only. */
  | { what: 'internal' }
  /** The window closed or reloaded while this result was downloading. */
  | { what: 'download-interrupted' }
  /** Cancelled while it waited for another run to finish. */
  | { what: 'cancelled-in-queue' }
  /** Made, but no result could be downloaded; `first` is why the first one failed. */
  | { what: 'downloads-failed'; first?: RecordedFacts }
  /** Global storage refused the record before the paid call, so the run stopped there. */
  | { what: 'storage-failed'; reason: StorageFailureReason }
  /** Downloaded, but global storage refused it, and the window that kept it in memory closed. */
  | { what: 'not-stored'; reason: StorageFailureReason }
  /** Fetch Results Later found the server's record still being made. */
  | { what: 'still-processing' }
  /** Fetch Results Later was asked while fluxRedux.apiBaseUrl points away from `apiOrigin`, which made the run. */
  | { what: 'other-api'; apiOrigin: string };

/**
 * The API's kinds, and the run's own: a bug or disk error, a download cut off by a reload, and
 * the two outcomes of Fetch Results Later that are not the API's failures.
 */
export type FailureKind = FluxReduxErrorKind | 'internal' | 'interrupted' | 'still-processing' | 'other-api';

export interface ResultFailure {
  kind: FailureKind;
  facts: RecordedFacts;
}

export interface StoredFailure {
  kind: FailureKind;
  actions: ActionId[];
  /** Absent only in version-1 records, which have `message` instead. */
  facts?: RecordedFacts;
  /** The server's record of the failed call, when it named one. */
  recordId?: string;
  /** Version 1 only: the failure as a sentence in the language of its day. */
  message?: string;
}

export interface GenerationRecord {
  version: RecordVersion;
  id: string;
  createdAt: string;
  updatedAt: string;
  source: StoredSource;
  model: ModelId;
  options: VariationOptions;
  /** Origin of the API that ran it (never a key), to label local emulators. */
  apiOrigin: string;
  phase: RunPhase;
  /** Epoch ms when the paid features call was sent; its presence means credits may be spent. */
  generateStartedAt?: number;
  uploadedPath?: string;
  /** The server's record of the paid call; with it the results can be fetched without paying again. */
  recordId?: string;
  /** How the paid call waited: polled (`async`) or on one held connection (`sync`). */
  generationMode?: 'async' | 'sync';
  /** Epoch ms when the server accepted an asynchronous generation and polling began. */
  pollingSince?: number;
  /**
   * Epoch ms when a later start of the extension picked the run up after its window closed,
   * reloaded or crashed (version 2 addition): it polled the server's record and downloaded what
   * was missing, with no new paid call.
   */
  resumedAt?: number;
  /**
   * The presigned link of the first result without its query string: where it lives, never its
   * signature, which only the running generation holds in memory. Records of 0.1.0 may hold the
   * signed link (it expires within days).
   */
  temporaryUrl?: string;
  withheld?: number;
  /**
   * The account's figures from the server's answers. `usedAtPaidCall` (version 2 addition) is the
   * reading in the paid call's own answer, which lags one request: the total before this run.
   */
  credits?: { used: number; limit: number; usedAtPaidCall?: number };
  /**
   * What this run cost (version 2 addition): set only when a reading after the record was final
   * and the paid call's reading bracket this run's paid call alone (src/runs/runCost.ts).
   */
  cost?: { credits: number };
  failure?: StoredFailure;
  results: StoredResult[];
  /** The run marked a favourite (version 2 addition): Clear History and the storage cap keep it. */
  favourite?: boolean;
  /** Vary (version 2 addition): the stored result this run started from (src/runs/lineage.ts). */
  parent?: ParentRef;
  /**
   * Vary (version 2 addition): the first run of the chain and its source, copied when the run was
   * made, so saves find their folder and the breadcrumb its first name after an ancestor is deleted.
   */
  lineageRoot?: LineageRoot;
}

/** A result of another run: the generation and the result's 1-based number in it. */
export interface ParentRef {
  generationId: string;
  resultIndex: number;
}

export interface LineageRoot {
  generationId: string;
  /** The first source's file name, as its run recorded it. */
  sourceName: string;
  /** The first source's URI string, whose folder saves of the whole chain go beside. */
  sourceUri: string;
}

export function isTerminal(phase: RunPhase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** True when the paid call may have run and not delivered: worth saying so in words. */
export function mayHaveBeenCharged(record: GenerationRecord): boolean {
  return record.generateStartedAt !== undefined && record.phase !== 'done';
}

/**
 * A run whose record is not terminal but that no live task owns was cut off (window reload,
 * crash): it is shown as interrupted, with the results that had arrived.
 */
export function markInterrupted(record: GenerationRecord, now: Date): GenerationRecord {
  if (isTerminal(record.phase)) {
    return record;
  }
  return {
    ...record,
    phase: 'interrupted',
    updatedAt: now.toISOString(),
    results: record.results.map((result) =>
      result.status === 'pending' && result.resultPath
        ? { ...result, status: 'failed', failure: { kind: 'interrupted', facts: { what: 'download-interrupted' } } }
        : result,
    ),
  };
}
