/**
 * The part of `historyView` (the history's webview benchmark) that runs inside the extension
 * host of one window: Show History with the view never shown in this window, then shown again
 * after another view took the sidebar, each timed from the command to the webview's report of
 * its first screen painted (thumbnails decoded). In the window the driver names, it then hands
 * the open view to the driver (filter keystrokes, image requests, scrolling, heap) and waits.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FluxReduxTestApi } from '../../src/extension';
import type { HistoryPaintReport } from '../../src/probe';

export interface HistoryWindowConfig {
  /** The folder the driver wrote the history into: must be this window's global storage. */
  storageDir: string;
  expectedRuns: number;
  reshows: number;
  /** Hand the open view to the driver and wait until it writes this file. */
  pageDoneFile?: string;
  outFile: string;
}

export interface TimedOpen {
  ms: number;
  /** ms after the command: the webview's page began loading (earlier when it was kept), had the list. */
  documentMs: number;
  dataMs: number;
  from: HistoryPaintReport['from'];
  thumbnails: number;
}

export interface HistoryWindowResult {
  cold?: TimedOpen;
  reshows: TimedOpen[];
  error?: string;
}

const PAINT_TIMEOUT_MS = 20_000;

async function timedShow(api: FluxReduxTestApi): Promise<TimedOpen> {
  let resolve: (report: HistoryPaintReport) => void = () => undefined;
  const painted = new Promise<HistoryPaintReport>((r) => (resolve = r));
  const listener = api.probe.onHistoryPainted((report) => resolve(report));
  try {
    const startedAt = Date.now();
    await vscode.commands.executeCommand('fluxRedux.showHistory');
    const report = await Promise.race([
      painted,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no paint report from the history view')), PAINT_TIMEOUT_MS)),
    ]);
    return {
      ms: report.at - startedAt,
      documentMs: report.documentAt - startedAt,
      dataMs: report.dataAt - startedAt,
      from: report.from,
      thumbnails: report.thumbnails,
    };
  } finally {
    listener.dispose();
  }
}

/** Another view container takes the sidebar: the history's webview is hidden (its page dropped). */
async function hideHistory(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.explorer');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

export async function run(): Promise<void> {
  const config = JSON.parse(fs.readFileSync(process.env.FLUX_HISTORY_VIEW_CONFIG_FILE ?? '', 'utf8')) as HistoryWindowConfig;
  const result: HistoryWindowResult = { reshows: [] };
  try {
    const api = await vscode.extensions.getExtension<FluxReduxTestApi>('fluxredux.flux-redux-variations')!.activate();
    if (path.resolve(api.globalStorageUri.fsPath) !== path.resolve(config.storageDir)) {
      throw new Error(`global storage is ${api.globalStorageUri.fsPath}, the history was written to ${config.storageDir}`);
    }
    const stored = fs.readdirSync(path.join(config.storageDir, 'generations')).length;
    if (stored !== config.expectedRuns) {
      throw new Error(`${stored} generations stored instead of ${config.expectedRuns}`);
    }
    // The window settles (startup work of the workbench) as a user's would before they click.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    result.cold = await timedShow(api);
    for (let i = 0; i < config.reshows; i++) {
      await hideHistory();
      result.reshows.push(await timedShow(api));
    }
    if (config.pageDoneFile) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      console.log('HISTORY-VIEW page');
      const deadline = Date.now() + 120_000;
      while (!fs.existsSync(config.pageDoneFile) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // The next window must start with the view never shown.
    await vscode.commands.executeCommand('workbench.view.explorer');
  } catch (error) {
    result.error = error instanceof Error ? error.stack ?? error.message : String(error);
  }
  fs.writeFileSync(config.outFile, JSON.stringify(result, null, 2));
}
