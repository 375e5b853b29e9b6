import type { GenerationRecord } from '../runs/record';

/** The part of GenerationStore the listing reads (src/runs/store.ts): ids, then records. */
export interface StoreRecordSource {
  listIds(): Promise<string[]>;
  load(id: string): Promise<GenerationRecord | undefined>;
}

/** The history index (src/history/indexedRecords.ts): every record, read through one index file. */
export interface IndexedRecordSource {
  readAll(): Promise<GenerationRecord[]>;
  /** Called with every listing, newest first (the thumbnails of older runs are made from it). */
  onListed?(records: readonly GenerationRecord[]): void;
  /** What the storage cap last removed, in words, for the top of the list. */
  storageNote?(): string | undefined;
}

/** Where the history's records come from: the index where the storage is on this disk, else the store. */
export type RecordSource = StoreRecordSource | IndexedRecordSource;

/** How many records are read at once: enough to overlap the reads, few enough to keep the host responsive. */
const PARALLEL_READS = 16;

/**
 * Every stored generation whose record can be read (versions 1 and 2 alike), newest first.
 * Folders without a readable record are left out: a run being created, or a stray folder.
 */
export async function listRecords(source: RecordSource): Promise<GenerationRecord[]> {
  if ('readAll' in source) {
    const records = newestFirst(await source.readAll());
    source.onListed?.(records);
    return records;
  }
  const ids = await source.listIds();
  const records: (GenerationRecord | undefined)[] = new Array<GenerationRecord | undefined>(ids.length);
  let next = 0;
  const reader = async () => {
    while (next < ids.length) {
      const at = next++;
      records[at] = await source.load(ids[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, ids.length) }, reader));
  return newestFirst(records.filter((record): record is GenerationRecord => record !== undefined));
}

/** The storage cap's note for the view, when the source has one. */
export function storageNoteOf(source: RecordSource): string | undefined {
  return 'readAll' in source ? source.storageNote?.() : undefined;
}

/** By start time, newest first; the id (which starts with the time) breaks ties and orders unreadable times. */
export function newestFirst(records: readonly GenerationRecord[]): GenerationRecord[] {
  const time = (record: GenerationRecord) => {
    const ms = Date.parse(record.createdAt);
    return Number.isFinite(ms) ? ms : 0;
  };
  return [...records].sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
