/**
 * The history's filter box: every word typed must appear in a run's search text (source name,
 * seed, aspect ratio, format, model). Shared because the webview filters the whole list it holds
 * on each keystroke, and the host's tests check the same rule. Plain: no `vscode`, no DOM.
 */

/** The words of what was typed, lower case; none means "show everything". */
export function filterWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
}

export function matchesFilter(run: { search: string }, words: readonly string[]): boolean {
  return words.every((word) => run.search.includes(word));
}

/** The runs that match, in their order. */
export function filterRuns<T extends { search: string }>(runs: readonly T[], text: string): T[] {
  const words = filterWords(text);
  return words.length === 0 ? [...runs] : runs.filter((run) => matchesFilter(run, words));
}
