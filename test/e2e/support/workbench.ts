/**
 * A real VS Code workbench for end-to-end tests: code-server on a free port with a fresh
 * user-data dir, extensions dir and workspace copy, the extension loaded for development, and a
 * fresh Chromium context (so SecretStorage starts empty) showing it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { copyVsCodeLogs, safeFileName, saveScreenshot } from '../../harness/artifacts';
import { launchChromium } from '../../harness/chromium';
import { type CodeServer, startCodeServer, workbenchUrl } from '../../harness/codeServer';
import { ConsoleLog } from '../../harness/consoleLog';
import { extensionUnderTest, FIXTURE_WORKSPACE, testResultsDir } from '../../harness/paths';
import { BASE_USER_SETTINGS } from '../../harness/runDirs';
import { type ColorTheme, themeSettings, waitForTheme } from './theme';

export interface WorkbenchOptions {
  /** User settings for this run, merged over the harness's base settings. */
  userSettings?: Record<string, unknown>;
  /** Colour theme to start with (sets `workbench.colorTheme`). */
  theme?: ColorTheme;
  /** Environment for code-server and so the extension host, e.g. { ONEMIN_AI_API_KEY: 'k' }. */
  env?: Record<string, string>;
  /** Folder copied fresh as the workspace; test/fixtures/workspace by default. */
  workspaceFixture?: string;
  /** The extension to load; the repository root (or FLUX_HARNESS_EXTENSION_PATH) by default. */
  extensionPath?: string;
  /** Names this run's folder under test-results/e2e/. */
  label?: string;
  viewport?: { width: number; height: number };
  /** How long the workbench may take to show the Explorer. */
  startTimeoutMs?: number;
}

export interface Workbench {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  server: CodeServer;
  /** The fresh copy of the workspace the workbench has open. */
  workspaceDir: string;
  userDataDir: string;
  /** test-results/e2e/<label>/ (or $FLUX_E2E_RESULTS_DIR/<label>/): logs and failure artifacts of this run. */
  resultsDir: string;
  /** The workbench page's console, everything in it. */
  workbenchConsole: ConsoleLog;
  /** The extension host's console (the workbench forwards it, marked "[Extension Host]"). */
  extensionHostConsole: ConsoleLog;
  /** Ends Chromium and code-server's process group, removes the temp folders. Safe to call twice. */
  stop(): Promise<void>;
}

const EXTENSION_HOST_MARK = '[Extension Host]';

/** The workbench styles forwarded lines with %c directives; their CSS arguments trail the text. */
function withoutConsoleStyling(line: string): string {
  return line.replace(/%c/g, '').replace(/(\s*color: [#\w]*)+\s*$/, '');
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const label = safeFileName(options.label ?? 'workbench');
  // The harness's self-test sets FLUX_E2E_RESULTS_DIR so its deliberate failures keep apart.
  const resultsDir = path.join(process.env.FLUX_E2E_RESULTS_DIR ?? testResultsDir('e2e'), label);
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  const userSettings = {
    ...(options.theme ? themeSettings(options.theme) : {}),
    ...(options.userSettings ?? {}),
  };
  const server = await startCodeServer({
    userSettings,
    env: options.env,
    workspaceFixture: options.workspaceFixture ?? FIXTURE_WORKSPACE,
    logDir: resultsDir,
    label,
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    const workbenchConsole = new ConsoleLog(path.join(resultsDir, 'workbench-console.log'));
    const extensionHostConsole = new ConsoleLog(path.join(resultsDir, 'extension-host-console.log'));
    page.on('console', (message) => {
      const line = `[${message.type()}] ${message.text()}`;
      workbenchConsole.add(line);
      if (line.includes(EXTENSION_HOST_MARK)) {
        extensionHostConsole.add(withoutConsoleStyling(line));
      }
    });
    page.on('pageerror', (error) => workbenchConsole.add(`[pageerror] ${error.stack ?? error.message}`));
    await page.goto(workbenchUrl(server, { extensionDevelopmentPath: options.extensionPath ?? extensionUnderTest() }));
    await page
      .locator('.monaco-workbench .explorer-folders-view')
      .first()
      .waitFor({ state: 'visible', timeout: options.startTimeoutMs ?? 90_000 });
    let stopped = false;
    const openedBrowser = browser;
    return {
      page,
      context,
      browser: openedBrowser,
      server,
      workspaceDir: server.dirs.workspaceDir,
      userDataDir: server.dirs.userDataDir,
      resultsDir,
      workbenchConsole,
      extensionHostConsole,
      async stop() {
        if (stopped) {
          return;
        }
        stopped = true;
        await openedBrowser.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    copyVsCodeLogs(server.dirs.userDataDir, path.join(resultsDir, 'vscode-logs'));
    await server.stop();
    throw error;
  }
}

/** Merges `patch` into the run's User/settings.json; VS Code notices the file and applies it live. */
export function updateUserSettings(workbench: Workbench, patch: Record<string, unknown>): void {
  const file = path.join(workbench.userDataDir, 'User', 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : { ...BASE_USER_SETTINGS };
  fs.writeFileSync(file, JSON.stringify({ ...current, ...patch }, null, 2));
}

/** Switches the colour theme of a running workbench and waits until it shows. */
export async function setColorTheme(workbench: Workbench, theme: ColorTheme, timeoutMs = 30_000): Promise<void> {
  updateUserSettings(workbench, themeSettings(theme));
  await waitForTheme(workbench.page, theme, timeoutMs);
}

/**
 * Keeps what a person needs to see why a test failed: a screenshot, the workbench console
 * (already on disk) and VS Code's logs, which hold the extension host's output and channels.
 * Returns the folder.
 */
export async function saveFailureArtifacts(workbench: Workbench, testTitle: string): Promise<string> {
  const dir = path.join(workbench.resultsDir, `failed-${safeFileName(testTitle)}`);
  fs.mkdirSync(dir, { recursive: true });
  await saveScreenshot(workbench.page, path.join(dir, 'workbench.png'));
  copyVsCodeLogs(workbench.userDataDir, path.join(dir, 'vscode-logs'));
  return dir;
}
