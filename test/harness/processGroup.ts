/**
 * Child processes that the harness starts in their own process group, so that stopping one
 * ends everything it started (code-server forks its extension host, file watcher, pty host...).
 * Stopped by PID only, never by name.
 */
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';

export interface GroupProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the leader has exited. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs` if the leader is still there. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<GroupProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// If the harness itself is ending (error, Ctrl-C, time limit), nothing it started may outlive it.
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const proc of live) {
      signalGroup(proc.pid, 'SIGKILL');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const proc of live) {
        signalGroup(proc.pid, 'SIGKILL');
      }
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export interface SpawnGroupOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Called with each chunk of output, for waiting on a line. */
  onOutput?: (text: string) => void;
}

export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions): GroupProcess {
  installExitHook();
  const log = fs.createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`Could not start ${command}`);
  }
  const pid = child.pid;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      options.onOutput?.(chunk.toString('utf8'));
    });
  }
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      done = true;
      log.write(`\n[harness] could not start: ${error.message}\n`);
      resolve('error');
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const proc: GroupProcess = {
    pid,
    child,
    exited,
    hasExited: () => done,
    async stop(graceMs = 5000) {
      signalGroup(pid, 'SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') {
        signalGroup(pid, 'SIGKILL');
        await exited;
      }
      // Grandchildren that ignored SIGTERM must not linger either.
      signalGroup(pid, 'SIGKILL');
      live.delete(proc);
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
  live.add(proc);
  return proc;
}
