/**
 * When a running run counts as "taking longer than usual": the host's history row and the
 * gallery's status (a webview) say it at the same moment, so the rule lives here, in one place.
 *
 * The usual duration is a median, so half of all ordinary runs pass it; a margin keeps an
 * ordinary run from being called slow a second after the median.
 */
const MARGIN_SHARE = 0.2;
const MIN_MARGIN_SECONDS = 3;

/** Seconds after the paid call at which a run with this usual duration is longer than usual. */
export function longerThanUsualAfter(typicalSeconds: number): number {
  return typicalSeconds + Math.max(MIN_MARGIN_SECONDS, typicalSeconds * MARGIN_SHARE);
}

export function isLongerThanUsual(elapsedSeconds: number, typicalSeconds: number): boolean {
  return typicalSeconds > 0 && elapsedSeconds > longerThanUsualAfter(typicalSeconds);
}
