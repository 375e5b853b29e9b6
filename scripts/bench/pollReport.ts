/**
 * The benchmark's poll report: per run, when each poll went out against when the record was
 * ready, and what the asynchronous mode costs against the synchronous one (the `repeat, sync` and
 * `repeat, async` runs the bench makes one after the other on the same image).
 */
import type { PollSchedule } from './criticalPath';

export interface PolledRow {
  label: string;
  mode: 'async' | 'sync';
  outputs: number;
  storedMs: number;
  idealMs: number;
  polling: PollSchedule;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${value} ms`;
}

export function pollLines(rows: PolledRow[]): string[] {
  const widths = [21, 7, 8, 10, 10, 9, 9, 10, 7];
  const header = ['run', 'mode', 'outputs', 'ready', 'seen', '→ dl', 'dl', '→ stored', 'polls', 'sent at (ms after the paid call)'];
  const lines = [header.map((h, i) => pad(h, widths[i] ?? 0)).join('')];
  for (const row of rows) {
    const { readyMs, pollsMs, seenAfterReadyMs, seenToDownloadMs, downloadsMs, downloadsToStoredMs } = row.polling;
    lines.push(
      [
        row.label,
        row.mode,
        String(row.outputs),
        ms(readyMs),
        seenAfterReadyMs === undefined ? '–' : `+${seenAfterReadyMs} ms`,
        ms(seenToDownloadMs),
        ms(downloadsMs),
        ms(downloadsToStoredMs),
        String(pollsMs.length),
        pollsMs.join(' '),
      ]
        .map((cell, i) => pad(cell, widths[i] ?? 0))
        .join(''),
    );
  }
  lines.push(
    '→ dl: from the answer that showed the record final to the first download; dl: the downloads; → stored: from the last download to stored.',
    '',
    ...costLines(rows),
    ...coldLines(rows),
  );
  return lines;
}

/**
 * The bench starts from a fresh profile, so its first asynchronous run knows no ready time for
 * the emulator's origin: say plainly what that costs, and that no schedule can take it back.
 */
function coldLines(rows: PolledRow[]): string[] {
  const cold = rows.find((row) => row.mode === 'async');
  if (!cold) {
    return [];
  }
  const slack = Math.round(cold.idealMs * 0.05 + 100);
  const met = cold.storedMs <= cold.idealMs * 1.05 + 100;
  return [
    `A fresh profile's first async run (${cold.label}) has no ready time for this API to aim at: its polls fall one second apart, ` +
      `on average 500 ms (up to 1000 ms) after the record is ready, against a slack of ${slack} ms in the target, so it cannot be ` +
      `counted on to meet it (${met ? 'met this time, by the luck of the grid' : 'missed'}). What a window learns is kept across ` +
      'reloads and windows, so in use only the first run against an API origin pays it in full.',
  ];
}

/** Async against sync on the same image, after the window has learned the generation's time. */
function costLines(rows: PolledRow[]): string[] {
  const lines: string[] = [];
  for (const outputs of [...new Set(rows.map((row) => row.outputs))]) {
    const sync = rows.find((row) => row.label === 'repeat, sync' && row.outputs === outputs);
    const async = rows.find((row) => row.label === 'repeat, async' && row.outputs === outputs);
    if (!sync || !async) {
      continue;
    }
    const syncLate = sync.polling.seenAfterReadyMs ?? 0;
    const asyncLate = async.polling.seenAfterReadyMs ?? 0;
    lines.push(
      `${outputs} output${outputs === 1 ? '' : 's'}: async stored ${async.storedMs} ms (${(async.storedMs / async.idealMs).toFixed(3)} × ideal), ` +
        `sync ${sync.storedMs} ms (${(sync.storedMs / sync.idealMs).toFixed(3)} × ideal); the result seen ${asyncLate} ms after ready ` +
        `against ${syncLate} ms, for ${async.polling.pollsMs.length} polls (requests) more.`,
    );
  }
  return lines;
}
