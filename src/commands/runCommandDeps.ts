import type * as vscode from 'vscode';
import type { ApiKeyService } from '../apiKey';
import type { ExtensionConfig } from '../config';
import type { Galleries } from '../gallery/galleries';
import type { ResultSaver } from '../gallery/save';
import type { Notifier } from '../notifier';
import type { LastChoices } from '../options/lastChoices';
import type { EarlyUpload } from '../runs/earlyUploads';
import type { UploadPayload } from '../shared/imageFormat';
import type { GenerationRecord } from '../runs/record';
import type { RunManager } from '../runs/runManager';
import type { GenerationStore } from '../runs/store';
import type { ActionId } from '../shared/protocol';
import type { SourcePreparationDeps } from '../source/prepareSource';

/** What the commands that start runs (interactive, script, Try again) are given by extension.ts. */
export interface RunCommandDeps extends SourcePreparationDeps {
  runs: RunManager;
  store: GenerationStore;
  galleries: Galleries;
  /** Saves results for scripts' `{ save: true }`. */
  saver: ResultSaver;
  keys: ApiKeyService;
  lastChoices: LastChoices;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  config(): ExtensionConfig;
  /** The API origin runs are sent to, for the record (never the key). */
  apiOrigin(): string;
  /** Starts sending a prepared source before the run is confirmed (fluxRedux.uploadEarly). */
  uploadEarly(payload: UploadPayload): EarlyUpload;
  /** Does what an action button of a failed run says (src/runs/runActions.ts). */
  runAction(record: GenerationRecord, action: ActionId): Promise<void>;
}
