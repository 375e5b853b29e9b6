/**
 * Which window owns a running generation, on disk under global storage so every window (and an
 * old extension host that outlives a reload) sees it. Only the holder of a run's lease writes its
 * record while it is live; a lease whose heartbeat stopped is taken over by exactly one window.
 *
 * Layout, under `<root>/leases/`:
 * - `<id>/<token>`: the lease of generation `<id>`, held by `<token>`. The folder appears by one
 *   rename of a folder made exclusively (`mkdir` of `.new-<token>`, then the token file opened
 *   `'wx'`), so it is never seen empty; a rename onto an existing, non-empty folder fails, so
 *   creating a lease is exclusive. The holder touches its token file every 5 s.
 * - `<id>.stale-<token>`: a lease taken over. Every window that found `<token>` stale renames
 *   `<id>` to this same name; the first rename wins and the others fail (the target exists and is
 *   not empty), so one window takes over. It is removed when the run's lease is released.
 */
import * as fs from 'fs/promises';
import * as path from 'path';
import { HeldLease } from './heldLease';

export const LEASE_HEARTBEAT_MS = 5_000;
export const LEASE_STALE_MS = 20_000;

export type LeaseState =
  /** Nobody holds it: the run is not running anywhere. */
  | 'free'
  /** Held by this window. */
  | 'mine'
  /** Held by another window whose heartbeat is fresh. */
  | 'live'
  /** Held by a window whose heartbeat stopped: it may be taken over. */
  | 'stale';

export interface Lease {
  readonly generationId: string;
  /** False once another window took it over (or it was released): stop writing the record. */
  readonly held: boolean;
  /** Checks on disk that this window still holds it (a stat); false once taken over. */
  confirm(): Promise<boolean>;
  /** Called once if the lease is lost while held. */
  onLost(listener: () => void): void;
  /** Gives the run up: another window may take it at once. */
  release(): Promise<void>;
  /**
   * The same at once, synchronously: for an extension host that is ending, whose dispose may be
   * the last code it runs (an awaited release might never finish).
   */
  releaseNow(): void;
}

/** What the rest of the extension asks of run ownership; storage that is not a local folder has no leases to share. */
export interface RunOwnership {
  /** The lease of a run, or undefined when another window holds it live. */
  acquire(generationId: string): Promise<Lease | undefined>;
  state(generationId: string): Promise<LeaseState>;
  /** Whether generation `id` is running in some window, this one included. */
  isRunning(generationId: string): Promise<boolean>;
  dispose(): void;
}

export interface LeaseOptions {
  /** The global storage folder. */
  root: string;
  /** Names this window in its tokens (for the log and for tests); made unique with `random`. */
  owner: string;
  now?: () => number;
  random?: () => number;
  heartbeatMs?: number;
  staleMs?: number;
  log?: (message: string) => void;
}

interface Holder {
  token: string;
  ageMs: number;
}

const TOKEN = /^[A-Za-z0-9_-]{1,80}$/;

export class RunLeases implements RunOwnership {
  private readonly folder: string;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly held = new Map<string, HeldLease>();

  constructor(private readonly options: LeaseOptions) {
    this.folder = path.join(options.root, 'leases');
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.heartbeatMs = options.heartbeatMs ?? LEASE_HEARTBEAT_MS;
    this.staleMs = options.staleMs ?? LEASE_STALE_MS;
  }

  async acquire(generationId: string): Promise<Lease | undefined> {
    const mine = this.held.get(generationId);
    if (mine?.held) {
      return mine;
    }
    await fs.mkdir(this.folder, { recursive: true });
    const token = this.newToken();
    const staging = path.join(this.folder, `.new-${token}`);
    await fs.mkdir(staging);
    const handle = await fs.open(path.join(staging, token), 'wx');
    await handle.writeFile(JSON.stringify({ pid: process.pid, owner: this.options.owner }));
    await handle.close();
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await this.claim(staging, generationId)) {
          const lease = new HeldLease(generationId, token, this.leaseFolder(generationId), this.heartbeatMs, () => {
            if (this.held.get(generationId) === lease) {
              this.held.delete(generationId);
            }
          }, this.options.log);
          this.held.set(generationId, lease);
          return lease;
        }
        const holder = await this.holderOf(generationId);
        if (holder && holder.ageMs <= this.staleMs) {
          return undefined;
        }
        if (holder && !(await this.takeOver(generationId, holder.token))) {
          return undefined;
        }
        // Taken over, or the holder had just released it: try to claim it once more.
      }
      return undefined;
    } finally {
      await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async state(generationId: string): Promise<LeaseState> {
    const holder = await this.holderOf(generationId);
    if (!holder) {
      return 'free';
    }
    if (this.held.get(generationId)?.token === holder.token) {
      return 'mine';
    }
    return holder.ageMs > this.staleMs ? 'stale' : 'live';
  }

  async isRunning(generationId: string): Promise<boolean> {
    const state = await this.state(generationId);
    return state === 'mine' || state === 'live';
  }

  /** Stops the heartbeats without releasing: the leases go stale, as after a crash. */
  dispose(): void {
    for (const lease of this.held.values()) {
      lease.stopHeartbeat();
    }
    this.held.clear();
  }

  private leaseFolder(generationId: string): string {
    return path.join(this.folder, generationId);
  }

  private newToken(): string {
    const owner = this.options.owner.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'w';
    return `${owner}-${process.pid}-${Math.floor(this.random() * 36 ** 8).toString(36)}`;
  }

  /** The one rename that creates a lease: it fails while another, non-empty lease folder is there. */
  private async claim(staging: string, generationId: string): Promise<boolean> {
    try {
      await fs.rename(staging, this.leaseFolder(generationId));
      return true;
    } catch (error) {
      if (isTakenError(error)) {
        return false;
      }
      throw error;
    }
  }

  private async holderOf(generationId: string): Promise<Holder | undefined> {
    const folder = this.leaseFolder(generationId);
    let names: string[];
    try {
      names = await fs.readdir(folder);
    } catch {
      return undefined;
    }
    const token = names.find((name) => TOKEN.test(name));
    if (!token) {
      return undefined;
    }
    try {
      const stat = await fs.stat(path.join(folder, token));
      return { token, ageMs: this.now() - stat.mtimeMs };
    } catch {
      return undefined;
    }
  }

  /**
   * Moves a stale lease aside under a name made of its holder's token: of every window that found
   * the same stale holder, only the first rename succeeds. True when this window moved it.
   */
  private async takeOver(generationId: string, staleToken: string): Promise<boolean> {
    const aside = path.join(this.folder, `${generationId}.stale-${staleToken}`);
    try {
      await fs.rename(this.leaseFolder(generationId), aside);
    } catch (error) {
      if (isTakenError(error) || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        return false;
      }
      throw error;
    }
    const moved = await fs.readdir(aside).catch(() => [] as string[]);
    if (!moved.includes(staleToken)) {
      // What was moved is a newer lease than the stale one seen: put it back and give way.
      await fs.rename(aside, this.leaseFolder(generationId)).catch(() => undefined);
      return false;
    }
    this.options.log?.(`Generation ${generationId}: took over the lease of ${staleToken}, whose heartbeat had stopped.`);
    return true;
  }
}

/** A rename onto a lease folder that exists and is not empty (POSIX), or exists at all (Windows). */
function isTakenError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' || code === 'EACCES';
}
