/**
 * A long history for the benchmark: `runs` generations of `resultsPerRun` results each, written
 * into a global storage folder as this version writes them (records naming their thumbnails,
 * the thumbnails beside the files, an index file) or as 0.1.0 wrote them (version-1 records, no
 * thumbnails, no index). Images are small real PNGs so thumbnails can be made from them.
 */
import * as fs from 'fs/promises';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { HistoryIndex } from '../../src/history/indexedRecords';
import { nodeIndexFileSystem } from '../../src/history/indexFs';
import { thumbnailFileName } from '../../src/history/thumbnails';
import type { GenerationRecord } from '../../src/runs/record';
import { GenerationStore, InProcessLock } from '../../src/runs/store';
import { newGenerationId } from '../../src/runs/generationIds';
import { nodeStoreFileSystem } from '../../src/runs/nodeStoreFs';
import { gradientPng } from '../../test/integration/support/pngFixture';

export interface HistoryDataOptions {
  runs: number;
  resultsPerRun: number;
  /** 'current': records, thumbnails and the index as this version writes them; '0.1.0': none of those. */
  layout: 'current' | '0.1.0';
  /** A WebP thumbnail's bytes, written for every file in the 'current' layout. */
  thumbnailBytes?: Uint8Array;
  /** The folder the sources are said to come from (the open workspace, so *This workspace* lists them). */
  sourceFolder?: string;
}

const NAMES = ['harbour', 'portrait', 'forest', 'kitchen', 'skyline', 'garden', 'studio', 'street'];
const ASPECTS = ['1:1', '4:3', '16:9', '3:2'] as const;

export async function writeHistory(root: string, options: HistoryDataOptions): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
  const store = new GenerationStore(nodeStoreFileSystem(root));
  const source = new Uint8Array(gradientPng(320, 240, 40));
  const result = new Uint8Array(gradientPng(320, 240, 200));
  const start = Date.parse('2026-01-01T08:00:00.000Z');
  let seed = 1;
  for (let i = 0; i < options.runs; i++) {
    const created = new Date(start + i * 37 * 60_000);
    const id = newGenerationId(created, () => ((seed = (seed * 16807) % 2147483647) / 2147483647));
    const record = recordFor(id, created, i, options);
    await store.createFolder(id);
    await store.writeFile(id, record.source.storedFile, source);
    for (const stored of record.results) {
      await store.writeFile(id, stored.file ?? '', result);
    }
    if (options.layout === 'current' && options.thumbnailBytes) {
      for (const file of [record.source.storedFile, ...record.results.map((r) => r.file ?? '')]) {
        await store.writeFile(id, thumbnailFileName(file), options.thumbnailBytes);
      }
    }
    const json = JSON.stringify(record, null, 2);
    await fs.writeFile(path.join(root, 'generations', id, 'record.json'), json);
  }
  if (options.layout === 'current') {
    const index = new HistoryIndex({
      fs: nodeIndexFileSystem(root),
      load: (id) => store.load(id),
      lock: new InProcessLock(),
      log: () => undefined,
    });
    await index.readAll();
    await index.flushed();
  }
}

export function recordFor(id: string, created: Date, i: number, options: HistoryDataOptions): GenerationRecord {
  const current = options.layout === 'current';
  const name = `${NAMES[i % NAMES.length]}-${i}.png`;
  return {
    version: current ? 2 : 1,
    id,
    createdAt: created.toISOString(),
    updatedAt: new Date(created.getTime() + 31_000).toISOString(),
    source: {
      uri: options.sourceFolder ? pathToFileURL(path.join(options.sourceFolder, name)).toString() : `file:///home/user/project/images/${name}`,
      name,
      storedFile: 'source.png',
      format: 'png',
      width: 320,
      height: 240,
      bytes: 0,
      ...(current ? { thumbnail: thumbnailFileName('source.png') } : {}),
    },
    model: 'black-forest-labs/flux-redux-dev',
    options: {
      format: 'webp', aspect_ratio: ASPECTS[i % ASPECTS.length], num_outputs: options.resultsPerRun, num_inference_steps: 28,
      seed: 1000 + i, output_quality: 80, disable_safety_checker: false, megapixels: '1',
    },
    apiOrigin: 'https://api.1min.ai',
    phase: 'done',
    generateStartedAt: created.getTime() + 2_000,
    recordId: `rec-${i}`,
    results: Array.from({ length: options.resultsPerRun }, (_, r) => {
      const file = `variation-${r + 1}.png`;
      return {
        id: `r${r + 1}`, index: r + 1, status: 'ready' as const, resultPath: `images/2026/${id}-${r}.webp`,
        file, format: 'png' as const, width: 320, height: 240, bytes: 0,
        ...(current ? { thumbnail: thumbnailFileName(file) } : {}),
      };
    }),
  };
}
