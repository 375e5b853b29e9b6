/** What the run manager is given and what it gives back (runManager.ts). */
import type { ModelId, VariationOptions } from '../options/types';
import type { UploadPayload } from '../shared/imageFormat';
import type { DescribeFailure, KnownUploads, VariationClient } from './generationRun';
import type { RunOwnership } from './lease';
import type { GenerationRecord, StoredSource } from './record';
import type { RunCostMeter } from './runCost';
import type { GenerationStore } from './store';
import type { UnfinishedRuns } from './unfinishedRuns';

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
  /** Which window owns a running run (lease.ts); without it, only this window's own runs are known. */
  ownership?: RunOwnership;
  /** The runs started and not ended, read at startup (unfinishedRuns.ts); without it, kept in memory. */
  unfinished?: UnfinishedRuns;
}
