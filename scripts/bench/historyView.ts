/**
 * `node out/scripts/bench/historyView.js` (part of `npm run bench`): the history's webview with
 * 1,000 generations (4,000 results) in the real VS Code (code-server + Chromium):
 *  - Show History to the first screen painted with its thumbnails decoded, from the command,
 *    with the view never shown in the window (a new window each time) and shown again;
 *  - in the last window of each set: filter keystrokes, the images requested (thumbnails only,
 *    only those that came into view while scrolling) and the webview's JS heap;
 *  - the same for a set written the way 0.1.0 wrote it (no index, no thumbnails: placeholders);
 *  - the history page alone in its own renderer with the same list (historyPageAlone.ts): the
 *    heap there is the webview's own, which code-server's shared renderer cannot tell apart.
 * Prints a table against the budgets; writes test-results/bench/history-view.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchChromium } from '../../test/harness/chromium';
import { startCodeServer, workbenchUrl } from '../../test/harness/codeServer';
import { formatConsoleArgs } from '../../test/harness/consoleLog';
import { repoRoot, testResultsDir } from '../../test/harness/paths';
import { gradientPng } from '../../test/integration/support/pngFixture';
import { THUMBNAIL_LONG_SIDE, THUMBNAIL_QUALITY } from '../../src/history/thumbnails';
import { createWorkerTranscoder, locateImagingFiles } from '../../src/imaging/workerTranscoder';
import { writeHistory } from './historyData';
import { checkHistoryPage, type PageChecks } from './historyPage';
import { checkHistoryPageAlone, describePageAlone, type PageAloneChecks } from './historyPageAlone';
import type { HistoryWindowConfig, HistoryWindowResult, TimedOpen } from './historyViewInVsCode';

const RUNS = 1000;
const RESULTS_PER_RUN = 4;
const WINDOWS = Number(process.env.FLUX_HISTORY_WINDOWS ?? 5);
const RESHOWS = 5;
const PAINT_BUDGET_MS = 500;
const KEYSTROKE_BUDGET_MS = 50;
const HEAP_BUDGET_MB = 150;
const WINDOW_LIMIT_MS = 180_000;
const EXTENSION_ID = 'fluxredux.flux-redux-variations';

type Layout = 'current' | '0.1.0';

interface SetResult {
  layout: Layout;
  windows: HistoryWindowResult[];
  page?: PageChecks;
  pageError?: string;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function verdict(ms: number | undefined, budget: number): string {
  return ms === undefined ? 'no data' : ms < budget ? 'yes' : 'NO';
}

async function main(): Promise<void> {
  const resultsDir = testResultsDir('bench');
  fs.mkdirSync(resultsDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-history-view-'));
  const configFile = path.join(workDir, 'window.json');
  const pool = createWorkerTranscoder(locateImagingFiles(path.resolve(__dirname, '..', '..', 'src', 'imaging')));
  const sample = await pool.thumbnail({ bytes: new Uint8Array(gradientPng(320, 240, 200)), maxLongSide: THUMBNAIL_LONG_SIDE, quality: THUMBNAIL_QUALITY });
  await pool.dispose();
  if (!sample.ok) {
    throw new Error(`no sample thumbnail: ${sample.detail}`);
  }
  const server = await startCodeServer({
    logDir: path.join(resultsDir, 'history-view'),
    label: 'history-view',
    env: { FLUX_HISTORY_VIEW_CONFIG_FILE: configFile },
  });
  const storageDir = path.join(server.dirs.userDataDir, 'User', 'globalStorage', EXTENSION_ID);
  const browser = await launchChromium();
  const sets: SetResult[] = [];
  let alone: PageAloneChecks | string = 'not reached';
  try {
    for (const layout of ['current', '0.1.0'] as const) {
      const set: SetResult = { layout, windows: [] };
      sets.push(set);
      for (let w = 0; w < WINDOWS; w++) {
        const lastWindow = w === WINDOWS - 1;
        // Every window of the 0.1.0 set starts from 0.1.0's files (an open writes the index and thumbnails).
        if (w === 0 || layout === '0.1.0') {
          await writeHistory(storageDir, { runs: RUNS, resultsPerRun: RESULTS_PER_RUN, layout, thumbnailBytes: sample.bytes, sourceFolder: server.dirs.workspaceDir });
        }
        const outFile = path.join(workDir, `${layout}-${w}.json`);
        const pageDoneFile = path.join(workDir, `${layout}-${w}.page-done`);
        const config: HistoryWindowConfig = { storageDir, expectedRuns: RUNS, reshows: RESHOWS, outFile, ...(lastWindow ? { pageDoneFile } : {}) };
        fs.writeFileSync(configFile, JSON.stringify(config));
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        // A script error in the webview shows here: a page that throws never reports its paint.
        page.on('pageerror', (error) => console.log(`  page error: ${error.message.split('\n')[0]}`));
        let exit: () => void = () => undefined;
        const exited = new Promise<void>((resolve) => (exit = resolve));
        await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
          if (!formatConsoleArgs(args).includes('HISTORY-VIEW page')) {
            return;
          }
          void checkHistoryPage(page).then(
            (checks) => (set.page = checks),
            (error: unknown) => (set.pageError = error instanceof Error ? error.message : String(error)),
          ).finally(() => fs.writeFileSync(pageDoneFile, ''));
        });
        await page.exposeFunction('codeAutomationExit', () => exit());
        await page.goto(workbenchUrl(server, {
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: path.join(repoRoot, 'out', 'scripts', 'bench', 'historyViewInVsCode'),
        }));
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, WINDOW_LIMIT_MS))]);
        const windowResult: HistoryWindowResult = fs.existsSync(outFile)
          ? JSON.parse(fs.readFileSync(outFile, 'utf8')) as HistoryWindowResult
          : { reshows: [], error: 'the window wrote no results' };
        set.windows.push(windowResult);
        const shown = (open?: TimedOpen) => (open ? `${open.ms} ms (page ${open.documentMs}, list ${open.dataMs}; ${open.thumbnails} thumbnails, from ${open.from})` : '–');
        console.log(`${layout} window ${w + 1}/${WINDOWS}: first ${shown(windowResult.cold)}`);
        console.log(`  again: ${windowResult.reshows.map(shown).join('; ')}${windowResult.error ? `; error: ${windowResult.error.split('\n')[0]}` : ''}`);
        await page.close();
        // Let the window's extension host go before the next one reads the same storage.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
    // In code-server the webview shares the workbench's renderer: its heap is measured alone.
    alone = await checkHistoryPageAlone(browser, sample.bytes, RUNS, RESULTS_PER_RUN).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  report(sets, alone);
}

function report(sets: SetResult[], alone: PageAloneChecks | string): void {
  console.log(`\nHistory view in the real VS Code, ${RUNS} generations × ${RESULTS_PER_RUN} results (budget ${PAINT_BUDGET_MS} ms to the first screen painted, thumbnails decoded):`);
  console.log('| Set | Show History, never shown in the window (median of new windows) | Shown again (median) | Within budget |\n|---|---|---|---|');
  const summary: Record<string, unknown>[] = [];
  for (const set of sets) {
    const cold = set.windows.flatMap((w) => (w.cold ? [w.cold.ms] : []));
    const again = set.windows.flatMap((w) => w.reshows.map((r) => r.ms));
    const coldMedian = median(cold);
    const againMedian = median(again);
    const ok = verdict(coldMedian, PAINT_BUDGET_MS) === 'yes' && verdict(againMedian, PAINT_BUDGET_MS) === 'yes' ? 'yes' : 'NO';
    console.log(`| ${set.layout} | ${coldMedian ?? '–'} ms (${cold.join(', ')}) | ${againMedian ?? '–'} ms (of ${again.length}) | ${ok} |`);
    summary.push({ layout: set.layout, coldMs: cold, coldMedianMs: coldMedian, againMs: again, againMedianMs: againMedian });
  }
  for (const set of sets) {
    const page = set.page;
    if (!page) {
      console.log(`\n${set.layout}: no page checks (${set.pageError ?? 'not reached'})`);
      continue;
    }
    const keystroke = median(page.keystrokeMs);
    const heapMb = page.heapBytes !== undefined ? page.heapBytes / 1024 / 1024 : undefined;
    console.log(`\n${set.layout}, in the open view:`);
    console.log(`  filter keystroke: median ${keystroke?.toFixed(1)} ms, max ${Math.max(...page.keystrokeMs).toFixed(1)} ms (budget ${KEYSTROKE_BUDGET_MS} ms): ${verdict(keystroke, KEYSTROKE_BUDGET_MS)}`);
    console.log(`  full result images requested: ${page.fullImagesRequested.length}${page.fullImagesRequested.length ? ` (${page.fullImagesRequested.slice(0, 3).join(', ')})` : ''}`);
    console.log(`  thumbnails requested: ${page.thumbnailsRequested} on open, ${page.thumbnailsAfterScroll} after scrolling ${page.scrolledScreens} screens (${page.thumbnailsPassedByScroll} came into view; ${page.imagesInList} images in the list)`);
    console.log(`  JS heap: ${heapMb?.toFixed(1) ?? '?'} MB (budget ${HEAP_BUDGET_MB} MB): ${heapMb === undefined ? 'no data' : heapMb < HEAP_BUDGET_MB ? 'yes' : 'NO'} — ${page.heapFrom}`);
  }
  console.log(`\n${typeof alone === 'string' ? `The history page alone: no data (${alone})` : describePageAlone(alone, HEAP_BUDGET_MB, KEYSTROKE_BUDGET_MS).join('\n')}`);
  const out = testResultsDir('bench');
  fs.writeFileSync(path.join(out, 'history-view.json'), JSON.stringify({ runs: RUNS, resultsPerRun: RESULTS_PER_RUN, summary, sets, alone }, null, 2));
}

// Something of a closed window (a socket of the workbench) keeps Node alive: end when done.
main().then(() => process.exit(0), (error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
