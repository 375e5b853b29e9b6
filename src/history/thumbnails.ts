/**
 * The history's thumbnails: a WebP of at most 256 px on the long side for the stored source and
 * each stored result, made once in the imaging worker and written beside them in the generation
 * folder (`<file>.thumb.webp`). The stored files themselves are only read. A record names its
 * thumbnails once they exist, so the list never has to look for files, and shows a placeholder
 * until then. Made one at a time, newest runs first, so they never compete with a run's upload
 * for the imaging workers.
 */
import type { ImageThumbnailer } from '../imaging/workerPool';
import type { GenerationRecord } from '../runs/record';
import { errorMessage } from '../shared/errorMessage';

export const THUMBNAIL_LONG_SIDE = 256;
/** Small files that still look right at 2× in the list's 56 px cells. */
export const THUMBNAIL_QUALITY = 75;

export function thumbnailFileName(storedFile: string): string {
  return `${storedFile}.thumb.webp`;
}

/** Stored files of a record that have no thumbnail named yet: its source, then each ready result. */
export function filesWithoutThumbnail(record: GenerationRecord): string[] {
  const files: string[] = [];
  if (record.source.storedFile && !record.source.thumbnail) {
    files.push(record.source.storedFile);
  }
  for (const result of record.results) {
    if (result.status === 'ready' && result.file && !result.thumbnail) {
      files.push(result.file);
    }
  }
  return files;
}

/** Names the made thumbnails in the record; false (no write) when it already names them all. */
export function nameThumbnails(record: GenerationRecord, made: ReadonlyMap<string, string>): void | false {
  let changed = false;
  const thumbnailOf = made.get(record.source.storedFile);
  if (thumbnailOf && record.source.thumbnail !== thumbnailOf) {
    record.source.thumbnail = thumbnailOf;
    changed = true;
  }
  for (const result of record.results) {
    const thumbnail = result.file ? made.get(result.file) : undefined;
    if (thumbnail && result.thumbnail !== thumbnail) {
      result.thumbnail = thumbnail;
      changed = true;
    }
  }
  return changed ? undefined : false;
}

export interface ThumbnailMakerDeps {
  thumbnailer: ImageThumbnailer;
  readFile(generationId: string, fileName: string): Promise<Uint8Array>;
  /** Atomic (temporary file, then rename), so a half-written thumbnail is never shown. */
  writeFile(generationId: string, fileName: string, bytes: Uint8Array): Promise<void>;
  /** A read-modify-write of the record (RunManager.updateRecord): under the store's lock, or the live run's own copy. */
  updateRecord(generationId: string, mutate: (record: GenerationRecord) => void | false): Promise<unknown>;
  log(message: string): void;
}

/**
 * Takes records offered to it (a run of this window as its results arrive, every listed record
 * of an older version) and makes what they lack. A file whose thumbnail could not be made is not
 * tried again in this window: its row keeps the placeholder, and the log says why.
 */
export class ThumbnailMaker {
  /** Generation ids waiting, in the order they are served. */
  private readonly waiting: string[] = [];
  private readonly latest = new Map<string, GenerationRecord>();
  private readonly givenUp = new Set<string>();
  /** Thumbnails made by this window, by `<id>/<file>`: a record offered again before it names them is not made twice. */
  private readonly madeBefore = new Map<string, string>();
  private working: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly deps: ThumbnailMakerDeps) {}

  /** `first`: served before runs already waiting (a run of this window, the newest of a listing). */
  offer(record: GenerationRecord, first = false): void {
    if (this.disposed || this.missing(record).length === 0) {
      return;
    }
    const known = this.latest.has(record.id);
    this.latest.set(record.id, record);
    if (known && !first) {
      return;
    }
    if (known) {
      this.waiting.splice(this.waiting.indexOf(record.id), 1);
    }
    if (first) {
      this.waiting.unshift(record.id);
    } else {
      this.waiting.push(record.id);
    }
    this.working ??= this.work().finally(() => {
      this.working = undefined;
    });
  }

  /** Offers a listing (newest first): served in that order, after runs of this window. */
  offerAll(records: readonly GenerationRecord[]): void {
    for (const record of records) {
      this.offer(record);
    }
  }

  /** Resolves when nothing is waiting (tests and the benchmark wait for it). */
  async idle(): Promise<void> {
    while (this.working) {
      await this.working;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.waiting.length = 0;
    this.latest.clear();
  }

  private missing(record: GenerationRecord): string[] {
    return filesWithoutThumbnail(record).filter((file) => !this.givenUp.has(`${record.id}/${file}`));
  }

  private async work(): Promise<void> {
    for (let id = this.waiting.shift(); id !== undefined && !this.disposed; id = this.waiting.shift()) {
      const record = this.latest.get(id);
      this.latest.delete(id);
      if (record) {
        await this.makeFor(record);
      }
    }
  }

  private async makeFor(record: GenerationRecord): Promise<void> {
    const made = new Map<string, string>();
    for (const file of this.missing(record)) {
      if (this.disposed) {
        return;
      }
      const key = `${record.id}/${file}`;
      const thumbnail = this.madeBefore.get(key) ?? (await this.make(record.id, file));
      if (thumbnail) {
        made.set(file, thumbnail);
        this.madeBefore.set(key, thumbnail);
      } else {
        this.givenUp.add(key);
      }
    }
    if (made.size === 0 || this.disposed) {
      return;
    }
    try {
      await this.deps.updateRecord(record.id, (current) => nameThumbnails(current, made));
    } catch (error) {
      this.deps.log(`History: could not record the thumbnails of ${record.id}: ${errorMessage(error)}`);
    }
  }

  private async make(generationId: string, file: string): Promise<string | undefined> {
    try {
      const bytes = await this.deps.readFile(generationId, file);
      const response = await this.deps.thumbnailer.thumbnail({ bytes, maxLongSide: THUMBNAIL_LONG_SIDE, quality: THUMBNAIL_QUALITY });
      if (!response.ok) {
        this.deps.log(`History: no thumbnail for ${generationId}/${file} (${response.reason}: ${response.detail}).`);
        return undefined;
      }
      const name = thumbnailFileName(file);
      await this.deps.writeFile(generationId, name, response.bytes);
      return name;
    } catch (error) {
      // Gone since it was listed (deleted, removed by the cap), or the disk refused the write.
      this.deps.log(`History: no thumbnail for ${generationId}/${file}: ${errorMessage(error)}`);
      return undefined;
    }
  }
}
