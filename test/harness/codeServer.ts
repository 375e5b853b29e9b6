/**
 * Starts code-server (VS Code 1.100's server and web workbench) on a free loopback port with
 * fresh folders, and stops it by process group.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { freePort } from './freePort';
import { codeServerEntry, codeServerInstalledMarker } from './paths';
import { type GroupProcess, spawnGroup } from './processGroup';
import { createRunDirs, type RunDirs } from './runDirs';
import { waitFor } from './wait';

export interface CodeServerOptions {
  /** Merged over the harness's base settings into the fresh User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server; its extension host inherits it (e.g. ONEMIN_AI_API_KEY). */
  env?: Record<string, string>;
  /** Copied fresh as the workspace folder. */
  workspaceFixture?: string;
  /** Where code-server's own output is written. */
  logDir: string;
  label?: string;
  startTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  dirs: RunDirs;
  process: GroupProcess;
  serverLogFile: string;
  /** Ends code-server's whole process group and removes the run's temp folders. */
  stop(): Promise<void>;
}

/** Variables that would make code-server think it runs inside another VS Code, or leak a key. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'ONEMIN_AI_API_KEY') {
      continue;
    }
    if (key.startsWith('npm_')) {
      continue;
    }
    env[key] = value;
  }
  return env;
}

export class CodeServerNotInstalledError extends Error {}

export function assertCodeServerInstalled(): void {
  if (!fs.existsSync(codeServerInstalledMarker()) || !fs.existsSync(codeServerEntry())) {
    throw new CodeServerNotInstalledError(
      `code-server is not installed (${codeServerInstalledMarker()} missing). Run: npm run harness:install`,
    );
  }
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  fs.mkdirSync(options.logDir, { recursive: true });
  const dirs = createRunDirs({
    workspaceFixture: options.workspaceFixture,
    userSettings: options.userSettings,
    label: options.label,
  });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverLogFile = path.join(options.logDir, 'code-server.log');
  const args = [
    codeServerEntry(),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    dirs.workspaceDir,
  ];
  const proc = spawnGroup(process.execPath, args, {
    cwd: dirs.root,
    env: { ...inheritedEnv(), ...(options.env ?? {}) },
    logFile: serverLogFile,
  });
  const stop = async (): Promise<void> => {
    await proc.stop();
    dirs.remove();
  };
  try {
    await waitFor(
      async () => {
        if (proc.hasExited()) {
          throw new Error(`code-server exited early (${String(await proc.exited)}); see ${serverLogFile}`);
        }
        const status = await httpStatus(`${origin}/healthz`);
        return status === 200 ? true : undefined;
      },
      { timeoutMs: options.startTimeoutMs ?? 60_000, description: `code-server on ${origin}` },
    );
  } catch (error) {
    await stop();
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`code-server did not start: ${detail}`);
  }
  return { port, origin, dirs, process: proc, serverLogFile, stop };
}

/** The `payload` entries the workbench reads from its URL (code-server 4.100 honours them). */
export interface WorkbenchPayload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** Open a window with no folder (to test what happens when none is open). */
  emptyWindow?: boolean;
  /**
   * Let the workbench open its startup editor (`workbench.startupEditor`), which `skipWelcome`
   * otherwise suppresses; tests keep it off so that nothing opens by itself.
   */
  showStartupEditor?: boolean;
}

export function workbenchUrl(server: CodeServer, payload: WorkbenchPayload): string {
  const remote = (absolutePath: string): string => `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
  const entries: [string, string][] = [];
  if (payload.extensionDevelopmentPath) {
    entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  }
  if (payload.extensionTestsPath) {
    entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  }
  if (!payload.showStartupEditor) {
    entries.push(['skipWelcome', 'true']);
  }
  const query = new URLSearchParams(
    payload.emptyWindow
      ? { ew: 'true', payload: JSON.stringify(entries) }
      : { folder: server.dirs.workspaceDir, payload: JSON.stringify(entries) },
  );
  return `${server.origin}/?${query.toString()}`;
}
