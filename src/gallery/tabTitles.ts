/**
 * Gallery tab titles: "Variations: harbour.png", and with the run's start time when another
 * open gallery shows a run of an image with the same name, so their tabs can be told apart.
 * Plain: the words come in as functions.
 */

export interface TitledPanel {
  generationId: string;
  sourceName?: string;
}

/** True when another open gallery shows a run of an image with this name. */
export function sharesSourceName(generationId: string, sourceName: string, panels: Iterable<TitledPanel>): boolean {
  for (const panel of panels) {
    if (panel.generationId !== generationId && panel.sourceName === sourceName) {
      return true;
    }
  }
  return false;
}

/** The start time as the tab shows it: the time alone today, with the date on other days. */
export function runTimeLabel(createdAt: string, now: Date, language: string): string {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) {
    return createdAt;
  }
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
