/**
 * Runs an integration suite inside the real extension host: code-server + Chromium, the
 * extension loaded for development and the tests module given as extensionTestsPath.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { copyVsCodeLogs, saveScreenshot } from './artifacts';
import { launchChromium } from './chromium';
import { type CodeServer, startCodeServer, workbenchUrl } from './codeServer';
import { ConsoleLog, formatConsoleArgs } from './consoleLog';
import { type IntegrationReport, parseReportLine, SUITE_OUTPUT_PREFIX } from './integrationReport';
import { TimeLimitError, withTimeLimit } from './wait';

export interface IntegrationRunOptions {
  /** Folder with the extension's package.json. */
  extensionPath: string;
  /** The compiled tests module exporting run() (path of the .js file, or without extension). */
  testsModulePath: string;
  workspaceFixture?: string;
  userSettings?: Record<string, unknown>;
  /** Passed to code-server, so the extension host (and the tests) see them. */
  env?: Record<string, string>;
  /** The whole suite must end within this, or it counts as failed. */
  timeLimitMs: number;
  /** No folder open in the window. */
  emptyWindow?: boolean;
  /** Logs and, on failure, screenshot and VS Code's logs are kept here. */
  resultsDir: string;
  label: string;
}

export type IntegrationOutcome =
  | { kind: 'finished'; exitCode: number; report: IntegrationReport | undefined; resultsDir: string }
  | { kind: 'timed-out'; limitMs: number; report: IntegrationReport | undefined; resultsDir: string }
  | { kind: 'could-not-start'; message: string; resultsDir: string }
  | { kind: 'aborted'; message: string; report: IntegrationReport | undefined; resultsDir: string };

export async function runIntegrationSuite(options: IntegrationRunOptions): Promise<IntegrationOutcome> {
  const { resultsDir } = options;
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  const extensionHostLog = new ConsoleLog(path.join(resultsDir, 'extension-host-console.log'));
  const workbenchLog = new ConsoleLog(path.join(resultsDir, 'workbench-console.log'));
  let report: IntegrationReport | undefined;
  extensionHostLog.onLine((line) => {
    report = parseReportLine(line) ?? report;
    // The suite's own output (mocha's spec reporter) is shown as it arrives; the rest is in the file.
    const at = line.indexOf(SUITE_OUTPUT_PREFIX);
    if (at >= 0) {
      process.stdout.write(`  ${line.slice(at + SUITE_OUTPUT_PREFIX.length)}\n`);
    }
  });

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let passed = false;
  try {
    try {
      server = await startCodeServer({
        workspaceFixture: options.workspaceFixture,
        userSettings: options.userSettings,
        env: options.env,
        logDir: resultsDir,
        label: options.label,
      });
      browser = await launchChromium();
    } catch (error) {
      return { kind: 'could-not-start', message: error instanceof Error ? error.message : String(error), resultsDir };
    }
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => workbenchLog.add(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => workbenchLog.add(`[pageerror] ${error.stack ?? error.message}`));
    let settleExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => {
      settleExit = resolve;
    });
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      extensionHostLog.add(`${typeof type === 'string' && type !== 'log' ? `[${type}] ` : ''}${formatConsoleArgs(args)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      settleExit(typeof code === 'number' ? code : 1);
    });
    const serverGone = server.process.exited.then((code) => {
      throw new Error(`code-server exited during the suite (${String(code)})`);
    });
    await page.goto(
      workbenchUrl(server, {
        extensionDevelopmentPath: options.extensionPath,
        extensionTestsPath: options.testsModulePath,
        emptyWindow: options.emptyWindow,
      }),
    );
    try {
      const exitCode = await withTimeLimit(Promise.race([exited, serverGone]), options.timeLimitMs, 'The integration suite');
      passed = exitCode === 0 && report !== undefined && report.failed === 0;
      return { kind: 'finished', exitCode, report, resultsDir };
    } catch (error) {
      if (error instanceof TimeLimitError) {
        return { kind: 'timed-out', limitMs: options.timeLimitMs, report, resultsDir };
      }
      return { kind: 'aborted', message: error instanceof Error ? error.message : String(error), report, resultsDir };
    }
  } finally {
    if (!passed) {
      await saveScreenshot(page, path.join(resultsDir, 'workbench.png'));
      if (server) {
        copyVsCodeLogs(server.dirs.userDataDir, path.join(resultsDir, 'vscode-logs'));
      }
    }
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}
