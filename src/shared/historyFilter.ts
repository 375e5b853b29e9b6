/**
 * The history's filter box and toggles: every word typed must appear in a run's search text
 * (source name, seed, aspect ratio, format, model); *This workspace* keeps runs whose root
 * ancestor's source is in an open folder; *Favourites* keeps runs with a favourite mark on the run
 * or a result. Shared because the webview filters the whole list it holds on each keystroke, and
 * the host's tests check the same rule. Plain: no `vscode`, no DOM.
 */

/** The two toggles above the list. */
export interface HistoryToggles {
  thisWorkspace: boolean;
  favourites: boolean;
}

export const NO_TOGGLES: HistoryToggles = { thisWorkspace: false, favourites: false };

/** The parts of a row the filter reads. */
export interface FilterableRun {
  search: string;
  inWorkspace: boolean;
  favourite: boolean;
  thumbs: readonly { favourite: boolean }[];
}

/** The words of what was typed, lower case; none means "show everything". */
export function filterWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
}

/** A run with a favourite mark on itself or on any of its results. */
export function hasFavourite(run: Pick<FilterableRun, 'favourite' | 'thumbs'>): boolean {
  return run.favourite || run.thumbs.some((thumb) => thumb.favourite);
}

export function matchesFilter(run: FilterableRun, words: readonly string[], toggles: HistoryToggles = NO_TOGGLES): boolean {
  return (
    (!toggles.thisWorkspace || run.inWorkspace) &&
    (!toggles.favourites || hasFavourite(run)) &&
    words.every((word) => run.search.includes(word))
  );
}

/** The runs that match, in their order. */
export function filterRuns<T extends FilterableRun>(runs: readonly T[], text: string, toggles: HistoryToggles = NO_TOGGLES): T[] {
  const words = filterWords(text);
  return runs.filter((run) => matchesFilter(run, words, toggles));
}
