import { assertNever } from '../shared/guards';
import { isLongerThanUsual } from '../shared/longerThanUsual';
import type { ActionView, GalleryView } from '../shared/protocol';
import type { Words } from './words';

export type StatusTone = 'progress' | 'success' | 'warning' | 'error' | 'neutral';

/** What the status strip says about a run, worked out without touching the DOM. */
export interface StatusModel {
  tone: StatusTone;
  icon: string;
  spin: boolean;
  headline: string;
  details: string[];
  /** Percentage for a determinate bar, 'indeterminate' for a moving one, undefined for none. */
  progress?: number | 'indeterminate';
  actions: ActionView[];
  /**
   * What the live region says. Kept coarser than the headline (no ticking seconds, upload in
   * quarters) so a screen reader is not flooded.
   */
  announcement: string;
  /** True while the run can still be cancelled. */
  running: boolean;
}

export function describeState(view: GalleryView, words: Words, now: number): StatusModel {
  const model = describeRunState(view, words, now);
  switch (view.runNote) {
    case undefined:
      return model;
    case 'resumed':
      return { ...model, details: [...model.details, words.t('resumed')] };
    case 'elsewhere':
      // This window does not run it: no Cancel here, and the words say where it runs.
      return { ...model, details: [...model.details, words.t('runningElsewhere')], running: false };
    default:
      return assertNever(view.runNote);
  }
}

function describeRunState(view: GalleryView, words: Words, now: number): StatusModel {
  const state = view.state;
  const base = { details: [] as string[], actions: [] as ActionView[], running: false, spin: false };
  switch (state.kind) {
    case 'queued': {
      const headline = words.t('queued', words.count(state.position));
      return {
        ...base,
        tone: 'progress',
        icon: 'clock',
        headline,
        details: [words.t('queuedHint')],
        announcement: headline,
        running: true,
      };
    }
    case 'uploading': {
      const percent = clampPercent(state.percent);
      return {
        ...base,
        tone: 'progress',
        icon: 'cloud-upload',
        headline: words.t('uploading', words.count(percent)),
        progress: percent,
        announcement: words.t('uploading', words.count(Math.floor(percent / 25) * 25)),
        running: true,
      };
    }
    case 'generating': {
      const elapsed = Math.max(0, (now - state.startedAt) / 1000);
      // The host sends a usual duration only from the user's own past runs (src/runs/estimates.ts).
      const typical = state.typicalSeconds;
      const details: string[] = [];
      if (typical !== undefined && typical > 0) {
        details.push(words.t('typicalDuration', words.duration(typical)));
        if (isLongerThanUsual(elapsed, typical)) {
          details.push(words.t('longerThanUsual'));
        }
      }
      return {
        ...base,
        tone: 'progress',
        icon: 'loading',
        spin: true,
        headline: words.t('generating', words.duration(elapsed)),
        details,
        progress: 'indeterminate',
        announcement: words.t('generatingAnnounce'),
        running: true,
      };
    }
    case 'downloading': {
      const headline = words.t('downloading', words.count(state.done), words.count(state.total));
      return {
        ...base,
        tone: 'progress',
        icon: 'cloud-download',
        headline,
        progress: state.total > 0 ? clampPercent((state.done / state.total) * 100) : 'indeterminate',
        announcement: headline,
        running: true,
      };
    }
    case 'done': {
      const returned = view.results.length;
      const failedDownloads = view.results.filter((r) => r.status === 'failed').length;
      let headline: string;
      if (state.withheld > 0 && returned === 0) {
        headline = words.t('noneCameBack', words.count(state.withheld));
      } else if (state.withheld > 0) {
        const total = returned + state.withheld;
        headline = words.t(
          state.withheld === 1 ? 'partial' : 'partialMany',
          words.count(returned),
          words.count(total),
          words.count(state.withheld),
        );
      } else if (failedDownloads > 0) {
        headline = words.t(
          'doneWithFailures',
          words.count(returned - failedDownloads),
          words.count(returned),
          words.count(failedDownloads),
        );
      } else {
        headline = returned === 1 ? words.t('doneOne') : words.t('done', words.count(returned));
      }
      const warn = state.withheld > 0 || failedDownloads > 0;
      return {
        ...base,
        tone: warn ? 'warning' : 'success',
        icon: warn ? 'warning' : 'check',
        headline,
        announcement: headline,
      };
    }
    case 'failed': {
      const details = [state.message];
      details.push(words.t(state.mayBeCharged ? 'mayBeCharged' : 'notCharged'));
      return {
        ...base,
        tone: 'error',
        icon: 'error',
        headline: words.t('failed'),
        details,
        actions: state.actions,
        announcement: `${words.t('failed')}: ${state.message}`,
      };
    }
    case 'cancelled':
    case 'interrupted': {
      const headline = words.t(state.kind);
      return {
        ...base,
        tone: state.mayBeCharged ? 'warning' : 'neutral',
        icon: state.kind === 'cancelled' ? 'circle-slash' : 'debug-disconnect',
        headline,
        details: [words.t(state.mayBeCharged ? 'mayBeCharged' : 'notCharged')],
        actions: state.actions ?? [],
        announcement: headline,
      };
    }
    default:
      return assertNever(state);
  }
}

function clampPercent(value: number): number {
  if (!Number.isFinite(value)) {
    return 0;
  }
  return Math.min(100, Math.max(0, Math.round(value)));
}
