/** What a generation run is given and what it tells: shared by its phases (upload, generation, downloads). */
import type { ActionId } from '../shared/protocol';
import type { FailureKind, GenerationRecord, RecordedFacts } from './record';
import type { RunCostMeter } from './runCost';
import type { GenerationStore } from './store';
import type { VariationClient } from './variationClient';

/** Progress that changes too often to be worth a disk write. */
export interface LiveProgress {
  queuePosition?: number;
  uploadPercent?: number;
  /** The run is live in another window, which alone writes its record: this one only shows it. */
  elsewhere?: boolean;
}

/** Asset paths the API host already has, by account and content hash (see uploadCache.ts). */
export interface KnownUploads {
  /** The account tag of the key the run's calls carry (src/accountTag.ts); undefined without a key. */
  account(): Promise<string | undefined>;
  lookup(account: string, hash: string): string | undefined;
  remember(account: string, hash: string, path: string): Promise<void>;
  forget(account: string, hash: string): Promise<void>;
  /** An upload of these bytes already under way (fluxRedux.uploadEarly); undefined if it failed. */
  pending?(account: string, hash: string): Promise<string | undefined> | undefined;
}

export interface RunDeps {
  client: VariationClient;
  uploads?: KnownUploads;
  hash?(bytes: Uint8Array): string;
  store: GenerationStore;
  /** Tells this run's cost from the account's figures (runCost.ts); without it no cost is told. */
  cost?: RunCostMeter;
  now(): number;
  /**
   * Whether this window may still write the run's record (it holds the run's lease, lease.ts);
   * once false the run stops writing and telling. Absent: always.
   */
  mayWrite?(): Promise<boolean>;
  /** Called after every change of the record or the live progress. */
  onChange(record: GenerationRecord, progress: LiveProgress): void;
  log(message: string): void;
}

/** What a run keeps of a failure (no sentence: the words are made when shown), and how it acts on it. */
export interface FailureDescription {
  kind: FailureKind;
  facts: RecordedFacts;
  actions: ActionId[];
  /** The server's record of the failed call, when it named one. */
  recordId?: string;
  cancelled: boolean;
  unknownAsset: boolean;
  /** For the log only: the error's own text, which may be more than any user should see. */
  logText: string;
}

export type DescribeFailure = (error: unknown) => FailureDescription;
