/**
 * Show Gallery's choice of recent runs: one quick-pick item per run, newest first, with the time
 * and the settings in short, and its history thumbnail as the icon where one was made. Plain.
 */
import * as l10n from '@vscode/l10n';
import { optionChips } from '../options/summary';
import type { GenerationRecord } from '../runs/record';
import { historyState } from './stateWords';

/** How many runs the quick pick offers: the history view has the rest. */
export const RECENT_RUNS = 30;

export interface RecentRunItem {
  generationId: string;
  label: string;
  description: string;
  detail: string;
  /**
   * A ≤ 256 px WebP thumbnail of the generation's folder (src/history/thumbnails.ts): the first
   * result's, else the source's. Never a stored result, which can be megabytes to decode.
   */
  iconFile?: string;
}

export function recentRunItems(
  records: readonly GenerationRecord[],
  formatWhen: (iso: string) => string,
  now: number,
): RecentRunItem[] {
  return records.slice(0, RECENT_RUNS).map((record) => {
    const icon = record.results.find((result) => result.status === 'ready' && result.thumbnail)?.thumbnail ?? record.source.thumbnail;
    return {
      generationId: record.id,
      label: record.source.name,
      description: `${formatWhen(record.createdAt)} · ${historyState(record, undefined, now).words}`,
      detail: optionChips(record.options, record.model).map((chip) => chip.label).join(l10n.t(' · ')),
      ...(icon ? { iconFile: icon } : {}),
    };
  });
}
