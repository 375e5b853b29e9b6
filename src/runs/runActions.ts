/**
 * The actions a run offers (buttons in the gallery, in notifications): what each is called, when
 * it is offered, and what each does, in one place. Plain code: commands, the new runs and the
 * fetch are handed in.
 */
import { Commands } from '../constants';
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';
import type { ActionId, PaidActionId } from '../shared/protocol';
import type { GenerationRecord } from './record';

export function actionLabel(action: ActionId): string {
  switch (action) {
    case 'setApiKey':
      return l10n.t('Set API Key');
    case 'showLog':
      return l10n.t('Show Log');
    case 'openSettings':
      return l10n.t('Open Settings');
    case 'retryRun':
      return l10n.t('Reproduce');
    case 'fetchLater':
      return l10n.t('Fetch Results Later');
    case 'runAgain':
      return l10n.t('Run Again');
    default:
      return assertNever(action);
  }
}

/** What a paid action will start, for its button's tooltip. */
export function paidActionTitle(action: PaidActionId, record: Pick<GenerationRecord, 'options'>): string {
  switch (action) {
    case 'runAgain':
      return l10n.t('A new run of the same source and settings with a new seed');
    case 'retryRun':
      return l10n.t('A new run of the same source and settings with the same seed ({0})', record.options.seed);
    default:
      return assertNever(action);
  }
}

/**
 * Run Again and Reproduce are offered once a run has ended, however it ended: the stored copy of
 * the source and the recorded settings are all they need.
 */
export function paidActionsFor(record: Pick<GenerationRecord, 'phase'>): PaidActionId[] {
  switch (record.phase) {
    case 'done':
    case 'failed':
    case 'cancelled':
    case 'interrupted':
      return ['runAgain', 'retryRun'];
    case 'queued':
    case 'uploading':
    case 'generating':
    case 'downloading':
      return [];
    default:
      return assertNever(record.phase);
  }
}

/** What the actions need of VS Code and of the run commands. */
export interface RunActionHost {
  executeCommand(command: string, ...args: unknown[]): PromiseLike<unknown>;
  /** Reproduce: a new run from the copy of the source stored with it, the same seed included. */
  retryRun(record: GenerationRecord): Promise<void>;
  /** Run Again: as Reproduce, with a new seed. */
  runAgain(record: GenerationRecord): Promise<void>;
  /** One look at the server's record and the downloads; never a new generation. */
  fetchLater(record: GenerationRecord): Promise<void>;
  log(message: string): void;
}

/**
 * Whether a failure should offer Fetch Results Later: the paid call was accepted (a record id)
 * and the wait for it ran out, so the server may well finish it.
 */
export function fetchLaterAfter(failure: { kind: string; operation?: string; recordId?: string }): boolean {
  return failure.kind === 'timeout' && failure.operation === 'generate' && failure.recordId !== undefined;
}

/**
 * Whether Fetch Results Later can help: the server accepted the paid call (there is a record id)
 * and none of its results arrived, because the run was cancelled, cut off, or timed out waiting.
 */
export function canFetchLater(record: GenerationRecord): boolean {
  if (record.recordId === undefined || record.results.length > 0) {
    return false;
  }
  switch (record.phase) {
    case 'cancelled':
    case 'interrupted':
      return true;
    case 'failed':
      return record.failure?.actions.includes('fetchLater') ?? false;
    default:
      return false;
  }
}

export async function performRunAction(action: ActionId, record: GenerationRecord, host: RunActionHost): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await host.executeCommand(Commands.setApiKey);
      return;
    case 'showLog':
      await host.executeCommand(Commands.showLog);
      return;
    case 'openSettings':
      await host.executeCommand('workbench.action.openSettings', 'fluxRedux');
      return;
    case 'retryRun':
      await host.retryRun(record);
      return;
    case 'runAgain':
      await host.runAgain(record);
      return;
    case 'fetchLater':
      if (!canFetchLater(record)) {
        // Offered only where it helps; a request for anything else (no record id) is refused.
        host.log(`Refused Fetch Results Later for ${record.id}: ${record.recordId ? `it is ${record.phase}` : 'no server record id'}.`);
        return;
      }
      await host.fetchLater(record);
      return;
    default:
      assertNever(action);
  }
}

/**
 * Retry download is offered only on a failed result the server gave a path for; a request for
 * anything else (a ready or pending result, an unknown id) is refused, with the reason for the log.
 */
export function retryDownloadRefusal(record: Pick<GenerationRecord, 'id' | 'results'>, resultId: string): string | undefined {
  const result = record.results.find((r) => r.id === resultId);
  if (!result) {
    return `Refused Retry download for ${record.id}: no such result.`;
  }
  if (result.status !== 'failed') {
    return `Refused Retry download for result ${result.index} of ${record.id}: it is ${result.status}, not failed.`;
  }
  if (!result.resultPath) {
    return `Refused Retry download for result ${result.index} of ${record.id}: the server gave no path for it.`;
  }
  return undefined;
}
