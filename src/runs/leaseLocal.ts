/**
 * Run ownership when global storage is not a local folder (a web extension host): there is no
 * file to share with other windows, so this window's own runs are all it can know about.
 */
import type { Lease, LeaseState, RunOwnership } from './lease';

export class LocalRunOwnership implements RunOwnership {
  private readonly held = new Map<string, Lease>();

  acquire(generationId: string): Promise<Lease | undefined> {
    if (this.held.has(generationId)) {
      return Promise.resolve(undefined);
    }
    let held = true;
    const lease: Lease = {
      generationId,
      get held() {
        return held;
      },
      confirm: () => Promise.resolve(held),
      onLost: () => undefined,
      release: () => {
        lease.releaseNow();
        return Promise.resolve();
      },
      releaseNow: () => {
        held = false;
        if (this.held.get(generationId) === lease) {
          this.held.delete(generationId);
        }
      },
    };
    this.held.set(generationId, lease);
    return Promise.resolve(lease);
  }

  state(generationId: string): Promise<LeaseState> {
    return Promise.resolve(this.held.has(generationId) ? 'mine' : 'free');
  }

  isRunning(generationId: string): Promise<boolean> {
    return Promise.resolve(this.held.has(generationId));
  }

  dispose(): void {
    this.held.clear();
  }
}
