/**
 * `node out/scripts/bench/paintTrace.js`: where a new gallery's time goes before its script
 * runs, seen from the browser. It opens galleries one after the other in code-server (the
 * script command, no latency) and records, on one clock (epoch ms): the extension's own marks,
 * the frames the workbench attaches and navigates, the service-worker versions Chromium
 * reports (CDP), the workbench console, and each webview frame's navigation timing.
 * Prints one timeline per gallery; writes test-results/bench/paint-trace.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../../test/emulator';
import { launchChromium } from '../../test/harness/chromium';
import { startCodeServer, workbenchUrl } from '../../test/harness/codeServer';
import { formatConsoleArgs } from '../../test/harness/consoleLog';
import { repoRoot, testResultsDir } from '../../test/harness/paths';
import { photoLikePng } from '../../test/integration/support/pngFixture';
import type { TracedRun } from './paintTraceInVsCode';

interface TraceEvent {
  at: number;
  what: string;
}

const RUNS = Number(process.env.FLUX_TRACE_RUNS ?? 5);

function shortUrl(url: string): string {
  const parsed = new URL(url);
  const id = parsed.searchParams.get('id');
  return `${parsed.pathname.split('/').slice(-2).join('/')}${id ? ` id=${id.slice(0, 8)}` : ''}`;
}

/** Navigation and paint timing of one frame, on the epoch clock. */
async function frameTiming(frame: Frame): Promise<string[]> {
  try {
    // A string, so this file needs no DOM types: it runs inside the webview frame.
    return await frame.evaluate<string[]>(`(() => {
      const origin = performance.timeOrigin;
      const at = (ms) => Math.round(origin + ms);
      const nav = performance.getEntriesByType('navigation')[0];
      const lines = [];
      if (nav) {
        lines.push('timeOrigin ' + Math.round(origin) + ' workerStart ' + (nav.workerStart ? at(nav.workerStart) : '-') + ' fetchStart ' + at(nav.fetchStart) + ' responseStart ' + at(nav.responseStart) + ' domInteractive ' + at(nav.domInteractive) + ' loadEnd ' + at(nav.loadEventEnd));
      }
      for (const entry of performance.getEntriesByType('paint')) {
        lines.push(entry.name + ' ' + at(entry.startTime));
      }
      for (const entry of performance.getEntriesByType('resource')) {
        lines.push('resource ' + entry.name.split('/').slice(-1)[0].slice(0, 40) + ' start ' + at(entry.startTime) + ' workerStart ' + (entry.workerStart ? at(entry.workerStart) : '-') + ' end ' + at(entry.responseEnd));
      }
      const controller = navigator.serviceWorker && navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL;
      if (controller) {
        lines.push('controller ' + (new URL(controller).searchParams.get('id') || controller).slice(0, 8));
      }
      return lines;
    })()`);
  } catch (error) {
    return [`(unreadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`];
  }
}

async function main(): Promise<void> {
  const resultsDir = testResultsDir('bench');
  fs.mkdirSync(resultsDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-trace-'));
  const sourceFile = path.join(workDir, 'trace.png');
  fs.writeFileSync(sourceFile, photoLikePng(1600, 1200, 7));
  const outFile = path.join(workDir, 'host.json');
  const emulator = await startEmulator();
  const server = await startCodeServer({
    logDir: path.join(resultsDir, 'paint-trace'),
    label: 'paint-trace',
    env: {
      FLUX_TRACE_CONFIG: JSON.stringify({
        apiBaseUrl: emulator.apiBaseUrl,
        assetBaseUrls: emulator.assetBaseUrls,
        apiKey: emulator.apiKey,
        sourceFile,
        runs: RUNS,
        outFile,
      }),
    },
  });
  const browser = await launchChromium();
  const events: TraceEvent[] = [];
  const add = (what: string) => events.push({ at: Date.now(), what });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { versionId: string; scriptURL: string; runningStatus: string; status: string }[] }) => {
      for (const version of event.versions) {
        add(`sw v${version.versionId} ${shortUrl(version.scriptURL)} ${version.status}/${version.runningStatus}`);
      }
    });
    await cdp.send('ServiceWorker.enable').catch((error: unknown) => add(`ServiceWorker.enable failed: ${String(error)}`));
    page.on('frameattached', (frame) => add(`frame attached ${frame.url() ? shortUrl(frame.url()) : ''}`));
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) {
        add(`frame navigated ${shortUrl(frame.url())}`);
      }
    });
    page.on('console', (message) => {
      if (/service worker|controller/i.test(message.text())) {
        add(`console ${message.text().slice(0, 160)}`);
      }
    });
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
      const line = formatConsoleArgs(args);
      const match = /PAINT-TRACE (start|snapshot) (\d+)/.exec(line);
      if (!match) {
        return;
      }
      add(`host ${match[1]} ${match[2]}`);
      if (match[1] === 'snapshot') {
        void (async () => {
          for (const frame of page.frames()) {
            if (frame === page.mainFrame()) {
              continue;
            }
            for (const line of await frameTiming(frame)) {
              add(`  frame ${shortUrl(frame.url())}: ${line}`);
            }
          }
        })();
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => exit(typeof code === 'number' ? code : 1));
    await page.goto(workbenchUrl(server, {
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'scripts', 'bench', 'paintTraceInVsCode'),
    }));
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 180_000))]);
    const host = JSON.parse(fs.readFileSync(outFile, 'utf8')) as { runs: TracedRun[]; error?: string };
    if (host.error) {
      console.log(`host error: ${host.error}`);
    }
    for (const run of host.runs) {
      const fp = run.firstPaint;
      for (const [mark, at] of Object.entries(fp?.marks ?? {})) {
        events.push({ at, what: `host mark ${mark} (run ${run.index})` });
      }
      if (fp) {
        events.push({ at: fp.documentAt, what: `webview document timeOrigin (run ${run.index})` });
        events.push({ at: fp.scriptAt, what: `webview script runs (run ${run.index})` });
        events.push({ at: fp.at, what: `webview first frame (run ${run.index})` });
        if (fp.thumbnailAt) {
          events.push({ at: fp.thumbnailAt, what: `webview thumbnail decoded (run ${run.index})` });
        }
      }
    }
    events.sort((a, b) => a.at - b.at);
    const starts = host.runs.map((run) => run.startedAt);
    for (const [index, startedAt] of starts.entries()) {
      const end = starts[index + 1] ?? Infinity;
      console.log(`\n== gallery ${index} (${index === 0 ? "the window's first" : 'later'}), ms after the command`);
      for (const event of events) {
        if (event.at >= startedAt - 50 && event.at < end - 50) {
          console.log(`${String(event.at - startedAt).padStart(6)}  ${event.what}`);
        }
      }
    }
    fs.writeFileSync(path.join(resultsDir, 'paint-trace.json'), JSON.stringify({ runs: host.runs, events }, null, 2));
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await emulator.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
