/**
 * The history's page on its own in Chromium, with the list message the host sends for 1,000
 * generations (4,000 results): in code-server the webview shares the workbench's renderer, so
 * its JS heap cannot be told apart there. Here the page is the only thing in its renderer: the
 * real shell (src/gallery/html.ts, its CSP), media/build/history.js and media/build/history.css, a
 * stand-in `acquireVsCodeApi`, and one real WebP thumbnail served for every file of the list.
 * Measures the heap (CDP Runtime.getHeapUsage after a garbage collection, and before it), the
 * list message's and the page state's size, the paint from the message and from the saved state
 * (a page shown again), and filter keystrokes. Part of `node out/scripts/bench/historyView.js`.
 */
import * as fs from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { createNonce, renderGalleryHtml } from '../../src/gallery/html';
import { THUMBNAIL_LONG_SIDE, THUMBNAIL_QUALITY } from '../../src/history/thumbnails';
import { createWorkerTranscoder, locateImagingFiles } from '../../src/imaging/workerTranscoder';
import { toHistoryRunView } from '../../src/history/rows';
import type { HistoryHostMessage, HistoryStrings, HistoryView } from '../../src/shared/historyProtocol';
import { newGenerationId } from '../../src/runs/generationIds';
import { launchChromium } from '../../test/harness/chromium';
import { repoRoot } from '../../test/harness/paths';
import { gradientPng } from '../../test/integration/support/pngFixture';
import { recordFor } from './historyData';
import { KEYSTROKES, SCROLL } from './historyPage';

export interface PageAloneChecks {
  messageBytes: number;
  stateBytes: number;
  /** ms from posting the list to the first screen painted with its thumbnails decoded. */
  paintFromMessageMs: number;
  /** ms from the page starting to load (state restored) to its first screen painted. */
  paintFromStateMs: number;
  keystrokeMs: number[];
  rowsInDom: number;
  heapBytes: number;
  heapBeforeGcBytes: number;
  heapFrom: string;
}

/** The view's words as the host sends them, read from src/history/strings.ts (English). */
function historyStringsInEnglish(): HistoryStrings {
  const source = fs.readFileSync(path.join(repoRoot, 'src', 'history', 'strings.ts'), 'utf8');
  const strings: HistoryStrings = {};
  for (const match of source.matchAll(/(\w+): vscode\.l10n\.t\('((?:[^'\\]|\\.)*)'/g)) {
    strings[match[1]] = match[2].replace(/\\'/g, "'");
  }
  return strings;
}

/** The list as the host makes it for `runs` runs: the same rows, offers and words. */
export function benchHistoryView(runs: number, resultsPerRun: number, filesBase: string): HistoryView {
  const start = Date.parse('2026-01-01T08:00:00.000Z');
  let seed = 1;
  let token = 0;
  const offer = () => `offer${String(token++).padStart(19, '0')}`;
  const rows = Array.from({ length: runs }, (_, i) => {
    const created = new Date(start + i * 37 * 60_000);
    const id = newGenerationId(created, () => ((seed = (seed * 16807) % 2147483647) / 2147483647));
    return toHistoryRunView(recordFor(id, created, i, { runs, resultsPerRun, layout: 'current' }), undefined, {
      formatWhen: (iso) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }),
      workspaceFolders: ['file:///home/user/project'],
      now: Date.now(),
      runAgain: (record) => ({ token: offer(), label: 'Run Again', title: `${record.source.name}, seed ${record.options.seed}` }),
      offerVary: () => offer(),
    });
  });
  return { runs: rows.reverse(), filesBase, workspaceOpen: true };
}

function serve(thumbnail: Uint8Array): Promise<{ server: Server; origin: string }> {
  const media = path.join(repoRoot, 'media');
  const types: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.ttf': 'font/ttf' };
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(renderGalleryHtml({
        cspSource: origin,
        nonce: createNonce(),
        scriptUri: `${origin}/media/build/history.js`,
        styleUri: `${origin}/media/build/history.css`,
        codiconsUri: `${origin}/media/build/codicons/codicon.css`,
        title: 'Variations',
      }));
      return;
    }
    if (url.pathname.startsWith('/generations/')) {
      response.writeHead(200, { 'content-type': 'image/webp', 'cache-control': 'no-store' });
      response.end(thumbnail);
      return;
    }
    const file = path.normalize(path.join(media, decodeURIComponent(url.pathname.replace(/^\/media\//, ''))));
    if (!url.pathname.startsWith('/media/') || !file.startsWith(media + path.sep) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve({ server, origin });
  }));
}

/** A stand-in for the webview's API: posts and the page state kept on `window`, the state given at load. */
const FAKE_VSCODE = (state: unknown) => `(() => {
  window.__posted = [];
  window.__state = ${JSON.stringify(state ?? null)} ?? undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(message),
    getState: () => window.__state,
    setState: (next) => { window.__state = next; },
  });
})()`;

async function waitForPosted(page: Page, type: string): Promise<Record<string, number | string>> {
  // A function, not a string: the page's CSP refuses the eval a string predicate needs.
  const handle = await page.waitForFunction(
    (wanted) => (globalThis as unknown as { __posted: { type: string }[] }).__posted.find((m) => m.type === wanted),
    type,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as Record<string, number | string>;
}

async function openPage(browser: Browser, origin: string, state: unknown): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 380, height: 900 } });
  await page.addInitScript(FAKE_VSCODE(state));
  await page.goto(`${origin}/`);
  return page;
}

export async function checkHistoryPageAlone(browser: Browser, thumbnail: Uint8Array, runs: number, resultsPerRun: number): Promise<PageAloneChecks> {
  const { server, origin } = await serve(thumbnail);
  try {
    const message: HistoryHostMessage = { type: 'init', strings: historyStringsInEnglish(), view: benchHistoryView(runs, resultsPerRun, `${origin}/generations`), reportPaint: true };
    const messageBytes = Buffer.byteLength(JSON.stringify(message));
    const first = await openPage(browser, origin, undefined);
    await waitForPosted(first, 'ready');
    const postedAt = await first.evaluate<number, HistoryHostMessage>((m) => {
      const at = Date.now();
      (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage(m, '*');
      return at;
    }, message);
    const painted = await waitForPosted(first, 'painted');
    const keystrokeMs = await first.evaluate<number[]>(KEYSTROKES);
    await first.evaluate<number>(SCROLL(10));
    const rowsInDom = await first.evaluate<number>('document.querySelectorAll("ul.runs > li.run").length');
    const cdp = await first.context().newCDPSession(first);
    const heapBeforeGcBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.detach();
    const state = await first.evaluate<unknown>('window.__state');
    await first.close();
    // Shown again: a new page with the state the first one saved, painted before any message.
    const again = await openPage(browser, origin, state);
    const repainted = await waitForPosted(again, 'painted');
    await again.close();
    return {
      messageBytes,
      stateBytes: Buffer.byteLength(JSON.stringify(state)),
      paintFromMessageMs: Number(painted.at) - postedAt,
      paintFromStateMs: Number(repainted.at) - Number(repainted.documentAt),
      keystrokeMs,
      rowsInDom,
      heapBytes,
      heapBeforeGcBytes,
      heapFrom: 'the history page alone in its own Chromium renderer (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage)',
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A real ≤ 256 px WebP thumbnail, made by the imaging worker as the extension makes them. */
export async function sampleThumbnail(): Promise<Uint8Array> {
  const pool = createWorkerTranscoder(locateImagingFiles(path.resolve(__dirname, '..', '..', 'src', 'imaging')));
  try {
    const sample = await pool.thumbnail({ bytes: new Uint8Array(gradientPng(320, 240, 200)), maxLongSide: THUMBNAIL_LONG_SIDE, quality: THUMBNAIL_QUALITY });
    if (!sample.ok) {
      throw new Error(`no sample thumbnail: ${sample.detail}`);
    }
    return sample.bytes;
  } finally {
    await pool.dispose();
  }
}

export function describePageAlone(checks: PageAloneChecks, heapBudgetMb: number, keystrokeBudgetMs: number): string[] {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const sorted = [...checks.keystrokeMs].sort((a, b) => a - b);
  const keystroke = sorted[Math.floor(sorted.length / 2)];
  return [
    'The history page alone (its own renderer), the same list message:',
    `  list message ${(checks.messageBytes / 1024).toFixed(0)} KB, page state ${(checks.stateBytes / 1024).toFixed(0)} KB; ${checks.rowsInDom} rows in the DOM after scrolling`,
    `  first screen painted, thumbnails decoded: ${checks.paintFromMessageMs} ms from the message, ${checks.paintFromStateMs} ms from the page's start with its state`,
    `  filter keystroke: median ${keystroke.toFixed(1)} ms, max ${Math.max(...checks.keystrokeMs).toFixed(1)} ms (budget ${keystrokeBudgetMs} ms)`,
    `  JS heap: ${mb(checks.heapBytes)} MB after GC, ${mb(checks.heapBeforeGcBytes)} MB before (budget ${heapBudgetMb} MB): ${checks.heapBeforeGcBytes < heapBudgetMb * 1024 * 1024 ? 'yes' : 'NO'} — ${checks.heapFrom}`,
  ];
}

// `node out/scripts/bench/historyPageAlone.js`: this part alone, without code-server.
if (require.main === module) {
  void (async () => {
    const browser = await launchChromium();
    try {
      const checks = await checkHistoryPageAlone(browser, await sampleThumbnail(), 1000, 4);
      console.log(describePageAlone(checks, 150, 50).join('\n'));
      console.log(JSON.stringify(checks));
    } finally {
      await browser.close();
    }
  })().then(() => process.exit(0), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
