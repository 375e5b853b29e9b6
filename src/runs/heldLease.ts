/**
 * A lease this window holds (lease.ts tells how leases are laid out): its heartbeat, the check that
 * it is still held, and giving it up, awaited or at once for an extension host that is ending.
 */
import { rmSync, rmdirSync } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import type { Lease } from './lease';

export class HeldLease implements Lease {
  private timer: ReturnType<typeof setInterval> | undefined;
  private stillHeld = true;
  private readonly lostListeners: (() => void)[] = [];

  constructor(
    readonly generationId: string,
    readonly token: string,
    private readonly folder: string,
    heartbeatMs: number,
    private readonly forget: () => void,
    private readonly log?: (message: string) => void,
  ) {
    this.timer = setInterval(() => void this.beat(), heartbeatMs);
    // A heartbeat alone must not keep a process (a test run, a closing host) alive.
    this.timer.unref?.();
  }

  get held(): boolean {
    return this.stillHeld;
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  stopHeartbeat(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  async release(): Promise<void> {
    if (!this.stillHeld) {
      return;
    }
    this.stillHeld = false;
    this.stopHeartbeat();
    this.forget();
    await fs.rm(path.join(this.folder, this.token), { force: true });
    // Fails when another window's lease is there already: then it stays, as it should.
    await fs.rmdir(this.folder).catch(() => undefined);
    const parent = path.dirname(this.folder);
    const names = await fs.readdir(parent).catch(() => [] as string[]);
    const prefix = `${path.basename(this.folder)}.stale-`;
    await Promise.all(
      names.filter((name) => name.startsWith(prefix)).map((name) => fs.rm(path.join(parent, name), { recursive: true, force: true })),
    );
  }

  releaseNow(): void {
    if (!this.stillHeld) {
      return;
    }
    this.stillHeld = false;
    this.stopHeartbeat();
    this.forget();
    try {
      rmSync(path.join(this.folder, this.token), { force: true });
      rmdirSync(this.folder);
    } catch {
      // Another window's lease is there already, or the disk refused: it goes stale on its own.
    }
  }

  private async beat(): Promise<void> {
    if (!this.stillHeld) {
      return;
    }
    const at = new Date();
    try {
      await fs.utimes(path.join(this.folder, this.token), at, at);
    } catch {
      this.lose();
    }
  }

  /** Whether the token file is still where this lease put it (it is gone once taken over). */
  async confirm(): Promise<boolean> {
    if (!this.stillHeld) {
      return false;
    }
    try {
      await fs.stat(path.join(this.folder, this.token));
      return true;
    } catch {
      this.lose();
      return false;
    }
  }

  private lose(): void {
    if (!this.stillHeld) {
      return;
    }
    this.stillHeld = false;
    this.stopHeartbeat();
    this.forget();
    this.log?.(`Generation ${this.generationId}: another window took over this run; this window stops writing its record.`);
    for (const listener of this.lostListeners) {
      listener();
    }
  }
}
