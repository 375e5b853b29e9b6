/**
 * The words for a stored failure, made when it is shown, in the language of that moment: the
 * gallery, the notifications and the script API all read a record's failure through here.
 * Version-1 records (0.1.0) kept sentences; those are shown as they were written.
 */
import { describeFailureFacts } from '../api/failureWords';
import * as l10n from '@vscode/l10n';
import { describeStorageFailure } from './storeWrite';
import type { RecordedFacts, StoredFailure, StoredResult } from './record';

export function describeRecordedFacts(facts: RecordedFacts): string {
  switch (facts.what) {
    case 'internal':
      return l10n.t('Something unexpected went wrong. The log has details.');
    case 'download-interrupted':
      return l10n.t('The download was interrupted.');
    case 'cancelled-in-queue':
      return l10n.t('The run was cancelled before it started.');
    case 'downloads-failed':
      return facts.first === undefined
        ? l10n.t('The variations were made but could not be downloaded. Use "Retry download" on each result; no new generation is needed.')
        : l10n.t(
            'The variations were made but could not be downloaded: {0} Use "Retry download" on each result; no new generation is needed.',
            describeRecordedFacts(facts.first),
          );
    case 'storage-failed':
      return l10n.t(
        'The run stopped before the paid call because the extension\'s storage could not be written: {0}. No credits were spent.',
        describeStorageFailure(facts.reason),
      );
    case 'not-stored':
      return l10n.t(
        'This variation was downloaded but could not be stored: {0}. Use "Retry download" once there is room; no new generation is needed.',
        describeStorageFailure(facts.reason),
      );
    case 'still-processing':
      return l10n.t('1min.ai is still making these variations. Use “Fetch Results Later” again in a while; no new generation is needed.');
    case 'other-api':
      return l10n.t(
        'This run was made through {0}, but the setting fluxRedux.apiBaseUrl now points elsewhere. Set it back to fetch the results.',
        facts.apiOrigin,
      );
    default:
      return describeFailureFacts(facts);
  }
}

/** Why a run failed, with the server's record when it named one. */
export function describeRunFailure(failure: StoredFailure | undefined): string {
  const words = failure?.facts ? describeRecordedFacts(failure.facts) : (failure?.message ?? l10n.t('The run failed.'));
  return failure?.recordId ? `${words} ${l10n.t('Server record: {0}.', failure.recordId)}` : words;
}

/** Why one result is missing; undefined when it did not fail or no reason was kept. */
export function describeResultFailure(result: StoredResult): string | undefined {
  if (result.status !== 'failed') {
    return undefined;
  }
  return result.failure ? describeRecordedFacts(result.failure.facts) : result.error;
}
