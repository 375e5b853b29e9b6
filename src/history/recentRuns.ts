/**
 * Show Gallery's choice of recent runs: one quick-pick item per run, newest first, with the time
 * and the settings in short, and a small image as its icon where there is one. Plain.
 */
import * as l10n from '@vscode/l10n';
import { optionChips } from '../options/summary';
import type { GenerationRecord } from '../runs/record';
import { historyState } from './stateWords';

/** How many runs the quick pick offers: the history view has the rest. */
export const RECENT_RUNS = 30;

/** Results larger than this are not loaded as an icon: the quick pick would decode megabytes. */
const MAX_ICON_BYTES = 400_000;

export interface RecentRunItem {
  generationId: string;
  label: string;
  description: string;
  detail: string;
  /** A file of the generation's folder small enough to show as the item's icon. */
  iconFile?: string;
}

export function recentRunItems(
  records: readonly GenerationRecord[],
  formatWhen: (iso: string) => string,
  now: number,
): RecentRunItem[] {
  return records.slice(0, RECENT_RUNS).map((record) => {
    const icon = record.results.find((result) => result.status === 'ready' && result.file && (result.bytes ?? Infinity) <= MAX_ICON_BYTES);
    return {
      generationId: record.id,
      label: record.source.name,
      description: `${formatWhen(record.createdAt)} · ${historyState(record, undefined, now).words}`,
      detail: optionChips(record.options, record.model).map((chip) => chip.label).join(l10n.t(' · ')),
      ...(icon?.file ? { iconFile: icon.file } : {}),
    };
  });
}
