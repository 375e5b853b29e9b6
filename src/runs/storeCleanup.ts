/**
 * Temporary files a crash left in generation folders (`<target>.<pid>-<n>.tmp`, store.ts) are
 * removed at the next start, in the background. Global storage is shared by every window, so a
 * temporary file is removed only when no write can still be under way: its process is gone and
 * it is a minute old, or it is an hour old whatever its process (pids are reused).
 */
import type { StoreFileSystem } from './store';

export interface LeftoverCleanupDeps {
  now(): number;
  /** Whether a process of this id is alive on this machine (`process.kill(pid, 0)`). */
  isProcessAlive(pid: number): boolean;
  log(message: string): void;
}

const TEMPORARY = /\.([0-9]+)-[0-9]+\.tmp$/;
/** No write of the store lasts this long, so even a live pid's file is a leftover by then. */
const ABANDONED_MS = 60 * 60 * 1000;
/** A dead writer's file, after a moment's grace for clocks and file systems that lag. */
const ORPHANED_MS = 60 * 1000;

export async function removeLeftoverTemporaryFiles(
  fs: Pick<StoreFileSystem, 'listFiles' | 'deleteFile'>,
  generationIds: Promise<string[]>,
  deps: LeftoverCleanupDeps,
): Promise<number> {
  let removed = 0;
  for (const id of await generationIds) {
    const folder = `generations/${id}`;
    for (const file of await fs.listFiles(folder)) {
      if (isLeftover(file, deps)) {
        try {
          await fs.deleteFile(`${folder}/${file.name}`);
          removed++;
        } catch (error) {
          deps.log(`Could not remove the leftover temporary file ${folder}/${file.name}: ${String(error)}`);
        }
      }
    }
  }
  if (removed > 0) {
    deps.log(`Removed ${removed} temporary file(s) left in global storage by an earlier crash.`);
  }
  return removed;
}

function isLeftover(file: { name: string; mtimeMs: number }, deps: LeftoverCleanupDeps): boolean {
  const match = TEMPORARY.exec(file.name);
  if (!match) {
    return false;
  }
  const age = deps.now() - file.mtimeMs;
  return age >= ABANDONED_MS || (age >= ORPHANED_MS && !deps.isProcessAlive(Number(match[1])));
}
