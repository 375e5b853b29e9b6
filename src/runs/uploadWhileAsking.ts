import type { EarlyUpload } from './earlyUploads';
import type { UploadPayload } from '../shared/imageFormat';

export interface UploadWhileAskingDeps {
  /** The key at hand, without asking for one. */
  currentKey(): Promise<string | undefined>;
  uploadEarly(payload: UploadPayload): EarlyUpload;
  warn(message: string): void;
}

/** A source as preparation left it: ready to send, or the problem in the user's words. */
export type PreparedOrProblem = { upload: UploadPayload } | { error: string };

/**
 * With fluxRedux.uploadEarly, each source that could be prepared goes up while the quick picks
 * are open. Only with a key already at hand: nobody is asked for a key before they confirm.
 */
export function uploadWhileAsking(deps: UploadWhileAskingDeps, preparing: Promise<readonly PreparedOrProblem[]>): EarlyUpload {
  const started: EarlyUpload[] = [];
  let cancelled = false;
  void (async () => {
    const [key, prepared] = await Promise.all([deps.currentKey(), preparing]);
    if (!key || cancelled) {
      return;
    }
    for (const source of prepared) {
      if (!('error' in source)) {
        started.push(deps.uploadEarly(source.upload));
      }
    }
  })().catch((error: unknown) => deps.warn(`Early upload not started: ${error instanceof Error ? error.message : String(error)}`));
  return {
    cancel: () => {
      cancelled = true;
      started.forEach((upload) => upload.cancel());
    },
  };
}
