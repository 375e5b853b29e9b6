/**
 * The state of a run in the history, in words: the live status while this window runs it, what
 * came back when it ended, and an honest "not finished" for a record no task here owns.
 */
import * as l10n from '@vscode/l10n';
import type { LiveProgress } from '../runs/generationRun';
import type { GenerationRecord } from '../runs/record';
import { describeRunFailure } from '../runs/failureText';
import type { HistoryRunView } from '../shared/historyProtocol';
import { isLongerThanUsual } from '../shared/longerThanUsual';
import { recentlyUpdatedUnfinished } from './runningAnywhere';

export type HistoryState = HistoryRunView['state'];

/**
 * `live` is set only while this window runs it (src/history/liveRuns.ts). `runningElsewhere` is
 * what the leases say of an unfinished record no task here owns, as delete asks them
 * (src/history/runningAnywhere.ts); a caller that did not ask leaves it undefined, and then an
 * unfinished record written lately (before `now`, epoch ms) is taken as running elsewhere.
 * `typicalSeconds` is how long runs like it usually take (src/runs/estimates.ts), said while it
 * generates.
 */
export function historyState(
  record: GenerationRecord,
  live: LiveProgress | undefined,
  now?: number,
  typicalSeconds?: number,
  runningElsewhere?: boolean,
): HistoryState {
  switch (record.phase) {
    case 'queued':
    case 'uploading':
    case 'generating':
    case 'downloading':
      if (live) {
        return { kind: 'running', words: runningWords(record, live, now, typicalSeconds) };
      }
      return (runningElsewhere ?? (now !== undefined && recentlyUpdatedUnfinished(record, now)))
        ? { kind: 'running', words: elsewhereWords(record) }
        : { kind: 'unfinished', words: l10n.t('Not finished: running in another window, or interrupted') };
    case 'done': {
      const done = doneState(record);
      // A run picked up again after its window ended says so, as its gallery does.
      return record.resumedAt === undefined ? done : { ...done, words: l10n.t('Resumed after a reload. {0}', done.words) };
    }
    case 'failed':
      return { kind: 'failed', words: l10n.t('Failed: {0}', describeRunFailure(record.failure)) };
    case 'cancelled':
      return { kind: 'cancelled', words: l10n.t('Cancelled') };
    case 'interrupted':
      return { kind: 'interrupted', words: l10n.t('Interrupted') };
  }
}

function runningWords(record: GenerationRecord, live: LiveProgress, now: number | undefined, typicalSeconds: number | undefined): string {
  switch (record.phase) {
    case 'queued':
      return l10n.t('Queued (position {0})', live.queuePosition ?? 1);
    case 'uploading':
      return l10n.t('Uploading {0}%', Math.round(live.uploadPercent ?? 0));
    case 'downloading':
      return l10n.t(
        'Downloading {0} of {1}',
        record.results.filter((result) => result.status !== 'pending').length,
        record.results.length,
      );
    default:
      return generatingWords(record, now, typicalSeconds);
  }
}

function generatingWords(record: GenerationRecord, now: number | undefined, typicalSeconds: number | undefined): string {
  if (typicalSeconds === undefined || typicalSeconds <= 0) {
    return l10n.t('Generating…');
  }
  const usual = durationWords(typicalSeconds);
  const elapsed = record.generateStartedAt === undefined ? 0 : ((now ?? Date.now()) - record.generateStartedAt) / 1000;
  return isLongerThanUsual(elapsed, typicalSeconds)
    ? l10n.t('Generating… taking longer than usual (usually about {0})', usual)
    : l10n.t('Generating… usually about {0}', usual);
}

/** "38 s", "2 min 5 s": as the gallery says durations. */
export function durationWords(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return whole < 60 ? l10n.t('{0} s', whole) : l10n.t('{0} min {1} s', Math.floor(whole / 60), whole % 60);
}

/** Another window's run: only what its record says (its progress is not written to disk). */
function elsewhereWords(record: GenerationRecord): string {
  switch (record.phase) {
    case 'queued':
      return l10n.t('Queued in another window');
    case 'uploading':
      return l10n.t('Uploading in another window');
    case 'downloading':
      return l10n.t(
        'Downloading {0} of {1} in another window',
        record.results.filter((result) => result.status !== 'pending').length,
        record.results.length,
      );
    default:
      return l10n.t('Generating in another window…');
  }
}

function doneState(record: GenerationRecord): HistoryState {
  const ready = record.results.filter((result) => result.status === 'ready').length;
  const requested = Math.max(record.options.num_outputs, record.results.length);
  if (ready < requested) {
    return { kind: 'partial', words: l10n.t('Partial: {0} of {1} came back', ready, requested) };
  }
  return { kind: 'done', words: ready === 1 ? l10n.t('Done: 1 variation') : l10n.t('Done: {0} variations', ready) };
}
