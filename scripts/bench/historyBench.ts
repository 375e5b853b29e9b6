/**
 * `npm run bench:history` (also run by `npm run bench`): the host's side of opening the history
 * with 1,000 generations (4,000 results), in plain Node on this machine's disk:
 *  - an open in a window that has not read the index yet (activation, another window), and a
 *    re-open with nothing changed, and one after a record changed: median of 5, budget 100 ms;
 *  - the same storage as 0.1.0 wrote it (no index, no thumbnails): the first open, which reads
 *    every record and writes the index, and the opens after it;
 *  - how long the worker takes per thumbnail when they are made for the 0.1.0 set.
 * The first screen painted in the real VS Code, the filter keystroke and the webview heap are
 * measured by the webview benchmark (not yet part of this script: see the README).
 * Writes test-results/bench/history.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HistoryIndex } from '../../src/history/indexedRecords';
import { INDEX_FILE, nodeIndexFileSystem } from '../../src/history/indexFs';
import { listRecords } from '../../src/history/listing';
import { THUMBNAIL_LONG_SIDE, THUMBNAIL_QUALITY, ThumbnailMaker } from '../../src/history/thumbnails';
import { createWorkerTranscoder, locateImagingFiles } from '../../src/imaging/workerTranscoder';
import { GenerationStore, InProcessLock } from '../../src/runs/store';
import { nodeStoreFileSystem } from '../../src/runs/nodeStoreFs';
import { gradientPng } from '../../test/integration/support/pngFixture';
import { testResultsDir } from '../../test/harness/paths';
import { writeHistory } from './historyData';

const RUNS = 1000;
const RESULTS_PER_RUN = 4;
const REPEATS = 5;
const HOST_BUDGET_MS = 100;
const THUMBNAILS_TIMED = 40;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function windowOn(root: string) {
  const store = new GenerationStore(nodeStoreFileSystem(root));
  const index = new HistoryIndex({ fs: nodeIndexFileSystem(root), load: (id) => store.load(id), lock: new InProcessLock(), log: () => undefined });
  return { store, index };
}

/** One open as the view does it: the index refreshed, the list sorted newest first. */
async function timedOpen(index: HistoryIndex): Promise<{ ms: number; recordsRead: number; runs: number }> {
  const started = performance.now();
  const records = await listRecords(index);
  const ms = performance.now() - started;
  return { ms, recordsRead: index.report?.recordsRead ?? -1, runs: records.length };
}

async function measureSet(root: string) {
  const coldOpens: number[] = [];
  let coldRead = 0;
  for (let i = 0; i < REPEATS; i++) {
    const { index } = windowOn(root); // a window that has not read the index yet
    const open = await timedOpen(index);
    coldOpens.push(open.ms);
    coldRead = Math.max(coldRead, open.recordsRead);
    await index.flushed();
  }
  const { store, index } = windowOn(root);
  await timedOpen(index);
  await index.flushed();
  const reopens: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    reopens.push((await timedOpen(index)).ms);
  }
  const changedOpens: number[] = [];
  const ids = await store.listIds();
  for (let i = 0; i < REPEATS; i++) {
    const record = await store.load(ids[i]);
    if (record) {
      await store.save({ ...record, updatedAt: new Date().toISOString() });
    }
    const open = await timedOpen(index);
    changedOpens.push(open.ms);
  }
  await index.flushed();
  return { coldMs: median(coldOpens), coldRecordsRead: coldRead, reopenMs: median(reopens), afterOneChangeMs: median(changedOpens) };
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-history-bench-'));
  const pool = createWorkerTranscoder(locateImagingFiles(path.resolve(__dirname, '..', '..', 'src', 'imaging')));
  try {
    const sample = await pool.thumbnail({ bytes: new Uint8Array(gradientPng(320, 240, 200)), maxLongSide: THUMBNAIL_LONG_SIDE, quality: THUMBNAIL_QUALITY });
    if (!sample.ok) {
      throw new Error(`no sample thumbnail: ${sample.detail}`);
    }
    const current = path.join(base, 'current');
    const old = path.join(base, 'v010');
    let started = performance.now();
    await writeHistory(current, { runs: RUNS, resultsPerRun: RESULTS_PER_RUN, layout: 'current', thumbnailBytes: sample.bytes });
    await writeHistory(old, { runs: RUNS, resultsPerRun: RESULTS_PER_RUN, layout: '0.1.0' });
    console.log(`Wrote 2 × ${RUNS} generations (${RUNS * RESULTS_PER_RUN} results each set) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    const indexBytes = fs.statSync(path.join(current, INDEX_FILE)).size;

    // The 0.1.0 set's very first open (no index yet): every record read once.
    const first = windowOn(old);
    const firstOpen = await timedOpen(first.index);
    await first.index.flushed();
    const currentSet = await measureSet(current);
    const oldSet = await measureSet(old);

    // Thumbnails for the 0.1.0 set, made as the view does it after an open.
    const made = windowOn(old);
    const records = (await listRecords(made.index)).slice(0, THUMBNAILS_TIMED / (RESULTS_PER_RUN + 1));
    const maker = new ThumbnailMaker({
      thumbnailer: pool,
      readFile: (id, file) => made.store.readFile(id, file),
      writeFile: (id, file, bytes) => made.store.writeFile(id, file, bytes),
      updateRecord: (id, mutate) => made.store.update(id, mutate),
      log: (message) => console.log(message),
    });
    started = performance.now();
    maker.offerAll(records);
    await maker.idle();
    const perThumbnailMs = (performance.now() - started) / (records.length * (RESULTS_PER_RUN + 1));

    const rows: [string, number, string][] = [
      ['Current set: open in a window that has not read the index (activation, another window)', currentSet.coldMs, `${currentSet.coldRecordsRead} records read`],
      ['Current set: re-open, nothing changed', currentSet.reopenMs, '0 records read'],
      ['Current set: re-open after one record changed', currentSet.afterOneChangeMs, '1 record read'],
      ['0.1.0 set: first open ever (no index: every record read, index written after)', firstOpen.ms, `${firstOpen.recordsRead} records read`],
      ['0.1.0 set: open in another window once the index exists', oldSet.coldMs, `${oldSet.coldRecordsRead} records read`],
      ['0.1.0 set: re-open, nothing changed', oldSet.reopenMs, '0 records read'],
    ];
    console.log(`\nHistory host time per open, ${RUNS} generations × ${RESULTS_PER_RUN} results (median of ${REPEATS}; budget ${HOST_BUDGET_MS} ms):`);
    console.log('| Open | Host ms | Reads | Within budget |\n|---|---|---|---|');
    for (const [what, ms, reads] of rows) {
      console.log(`| ${what} | ${ms.toFixed(1)} | ${reads} | ${ms < HOST_BUDGET_MS ? 'yes' : 'NO'} |`);
    }
    console.log(`\nIndex file: ${(indexBytes / 1024).toFixed(0)} KB. Thumbnails for the 0.1.0 set: ${perThumbnailMs.toFixed(1)} ms each in the worker (${records.length * (RESULTS_PER_RUN + 1)} made).`);
    const out = testResultsDir('bench');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'history.json'), JSON.stringify({ runs: RUNS, resultsPerRun: RESULTS_PER_RUN, currentSet, oldSet, oldFirstOpenMs: firstOpen.ms, indexBytes, perThumbnailMs }, null, 2));
  } finally {
    await pool.dispose();
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
