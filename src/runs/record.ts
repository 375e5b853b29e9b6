import type { ImageFormat } from '../shared/imageFormat';
import type { ActionId } from '../shared/protocol';
import type { ModelId, VariationOptions } from '../options/types';

/**
 * What a generation leaves on disk, in `<globalStorage>/generations/<id>/record.json`.
 * Everything the gallery needs after a reload is here; nothing secret is.
 */
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
  savedTo?: string;
  error?: string;
}

export interface StoredFailure {
  message: string;
  kind: string;
  actions: ActionId[];
}

export interface GenerationRecord {
  version: 1;
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
  /** Presigned link for the first result; expires, so results are stored at once. */
  temporaryUrl?: string;
  withheld?: number;
  credits?: { used: number; limit: number };
  failure?: StoredFailure;
  results: StoredResult[];
}

export function isTerminal(phase: RunPhase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** True when the paid call may have run and not delivered: worth saying so in words. */
export function mayHaveBeenCharged(record: GenerationRecord): boolean {
  return record.generateStartedAt !== undefined && record.phase !== 'done';
}
