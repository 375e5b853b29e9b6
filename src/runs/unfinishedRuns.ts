/**
 * The runs that started and have not ended, so the startup scan reads one small folder instead
 * of every record: `<root>/unfinished/<generation id>`, an empty file each. One file per run, not
 * one shared list, so two windows adding and removing runs at once never undo each other's edits.
 */
import * as fs from 'fs/promises';
import * as path from 'path';
import { isGenerationId } from './generationIds';

export interface UnfinishedRuns {
  add(generationId: string): Promise<void>;
  remove(generationId: string): Promise<void>;
  /** Oldest first. */
  list(): Promise<string[]>;
}

export class UnfinishedRunFiles implements UnfinishedRuns {
  private readonly folder: string;

  constructor(root: string) {
    this.folder = path.join(root, 'unfinished');
  }

  async add(generationId: string): Promise<void> {
    if (!isGenerationId(generationId)) {
      return;
    }
    await fs.mkdir(this.folder, { recursive: true });
    await fs.writeFile(path.join(this.folder, generationId), '');
  }

  async remove(generationId: string): Promise<void> {
    if (isGenerationId(generationId)) {
      await fs.rm(path.join(this.folder, generationId), { force: true });
    }
  }

  async list(): Promise<string[]> {
    const names = await fs.readdir(this.folder).catch(() => [] as string[]);
    return names.filter(isGenerationId).sort();
  }
}

/**
 * The same list, each run's adds and removes taking effect in the order they were asked for. A
 * run that ends as Fetch Results Later starts on it asks for the remove first, but a file removal
 * still under way could otherwise land after the fetch's add and take the run off the list while
 * it is live again (a reload then would not resume it).
 */
export function inCallOrder(list: UnfinishedRuns): UnfinishedRuns {
  const pending = new Map<string, Promise<void>>();
  const queue = (generationId: string, edit: () => Promise<void>): Promise<void> => {
    const previous = pending.get(generationId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(edit);
    const settled = mine.catch(() => undefined);
    pending.set(generationId, settled);
    void settled.then(() => {
      if (pending.get(generationId) === settled) {
        pending.delete(generationId);
      }
    });
    return mine;
  };
  return {
    add: (generationId) => queue(generationId, () => list.add(generationId)),
    remove: (generationId) => queue(generationId, () => list.remove(generationId)),
    list: () => list.list(),
  };
}

/** For storage that is not a local folder: the list lives as long as the window. */
export class UnfinishedRunsInMemory implements UnfinishedRuns {
  private readonly ids = new Set<string>();

  add(generationId: string): Promise<void> {
    this.ids.add(generationId);
    return Promise.resolve();
  }

  remove(generationId: string): Promise<void> {
    this.ids.delete(generationId);
    return Promise.resolve();
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.ids].sort());
  }
}
