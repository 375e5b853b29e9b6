import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesWithoutThumbnail, THUMBNAIL_LONG_SIDE, thumbnailFileName, ThumbnailMaker } from '../../src/history/thumbnails';
import type { ThumbnailRequest } from '../../src/imaging/transcodeProtocol';
import type { ImageThumbnailer } from '../../src/imaging/workerPool';
import { createWorkerTranscoder, locateImagingFiles, type PooledTranscoder } from '../../src/imaging/workerTranscoder';
import type { GenerationRecord } from '../../src/runs/record';
import { GenerationStore } from '../../src/runs/store';
import { ascii } from '../../src/shared/bytes';
import { decodePixels, gradientJpeg, noiseImage, webpChunkTypes } from '../fixtures/imaging/support';
import { historyRecord, IDS } from './history-support';
import { nodeStoreFileSystem } from './support/nodeStoreFs';

const IMAGING_OUT = path.resolve(__dirname, '..', '..', 'src', 'imaging');

function isWebp(bytes: Uint8Array): boolean {
  return ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP';
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('history: thumbnails', function () {
  this.timeout(120_000);

  let pool: PooledTranscoder;
  before(() => {
    pool = createWorkerTranscoder(locateImagingFiles(IMAGING_OUT));
  });
  after(() => pool.dispose());

  const request = (bytes: Uint8Array): ThumbnailRequest => ({ bytes, maxLongSide: THUMBNAIL_LONG_SIDE, quality: 75 });

  describe('the imaging worker job', () => {
    it('fits a large photo within 256 px on the long side, as WebP without metadata', async () => {
      const response = await pool.thumbnail(request(await gradientJpeg(4000, 3000)));
      assert.ok(response.ok, JSON.stringify(response));
      assert.deepEqual([response.width, response.height], [256, 192]);
      assert.ok(isWebp(response.bytes), 'a WebP file');
      assert.ok(!webpChunkTypes(response.bytes).some((type) => type === 'EXIF' || type === 'XMP ' || type === 'ICCP'));
      const pixels = await decodePixels(response.bytes);
      assert.deepEqual([pixels.width, pixels.height], [256, 192]);
      assert.ok(response.bytes.byteLength < 30_000, `small: ${response.bytes.byteLength} bytes`);
    });

    it('keeps a portrait image upright and never enlarges a small one', async () => {
      const portrait = await pool.thumbnail(request(await noiseImage(600, 1000, 'png')));
      assert.ok(portrait.ok);
      assert.deepEqual([portrait.width, portrait.height], [154, 256]);
      const small = await pool.thumbnail(request(await noiseImage(100, 80, 'png', true)));
      assert.ok(small.ok);
      assert.deepEqual([small.width, small.height], [100, 80]);
      assert.ok(isWebp(small.bytes));
    });

    it('answers undecodable for bytes that are not an image, and the worker serves the next job', async () => {
      const response = await pool.thumbnail(request(new TextEncoder().encode('not an image at all')));
      assert.equal(response.ok, false);
      assert.equal(!response.ok && response.reason, 'undecodable');
      assert.ok((await pool.thumbnail(request(await gradientJpeg(300, 200)))).ok);
    });

    it('leaves the bytes it was given untouched', async () => {
      const photo = await gradientJpeg(800, 600);
      const before = sha(photo);
      assert.ok((await pool.thumbnail(request(photo))).ok);
      assert.equal(sha(photo), before);
    });
  });

  describe('the maker', () => {
    let root: string;
    let store: GenerationStore;
    const log: string[] = [];

    beforeEach(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-thumbs-'));
      store = new GenerationStore(nodeStoreFileSystem(root));
      log.length = 0;
    });
    afterEach(() => fs.rm(root, { recursive: true, force: true }));

    function maker(): ThumbnailMaker {
      return new ThumbnailMaker({
        thumbnailer: pool,
        readFile: (id, file) => store.readFile(id, file),
        writeFile: (id, file, bytes) => store.writeFile(id, file, bytes),
        // A read-modify-write as GenerationStore.update does it (the lock is the store's).
        updateRecord: async (id, mutate) => {
          const record = await store.load(id);
          if (record && mutate(record) !== false) {
            await store.save(record);
          }
        },
        log: (message) => log.push(message),
      });
    }

    async function storedRun(id: string, overrides: Partial<GenerationRecord> = {}): Promise<GenerationRecord> {
      const record = historyRecord(id, { source: { ...historyRecord(id).source, storedFile: 'source.jpg', format: 'jpeg' }, ...overrides });
      await store.createFolder(id);
      await store.writeFile(id, 'source.jpg', await gradientJpeg(1536, 1152));
      for (const result of record.results) {
        if (result.file) {
          // The server's bytes as they came (the maker reads what is in the file, whatever its name).
          await store.writeFile(id, result.file, await noiseImage(1024, 768, 'jpeg'));
        }
      }
      await store.save(record);
      return record;
    }

    it('makes one for the source and each ready result, beside them, and names them in the record; the stored files keep their bytes', async () => {
      const record = await storedRun(IDS.older);
      const folder = path.join(root, 'generations', IDS.older);
      const before = new Map<string, string>();
      for (const name of await fs.readdir(folder)) {
        before.set(name, sha(await fs.readFile(path.join(folder, name))));
      }
      const thumbs = maker();
      thumbs.offer(record);
      await thumbs.idle();
      const after = await store.load(IDS.older);
      assert.ok(after);
      assert.equal(after.source.thumbnail, 'source.jpg.thumb.webp');
      assert.deepEqual(after.results.map((r) => r.thumbnail), ['variation-1.webp.thumb.webp', 'variation-2.webp.thumb.webp']);
      assert.deepEqual(filesWithoutThumbnail(after), []);
      for (const file of ['source.jpg', 'variation-1.webp', 'variation-2.webp']) {
        const bytes = new Uint8Array(await fs.readFile(path.join(folder, thumbnailFileName(file))));
        assert.ok(isWebp(bytes));
        const pixels = await decodePixels(bytes);
        assert.ok(Math.max(pixels.width, pixels.height) <= 256, `${file}: ${pixels.width}×${pixels.height}`);
        assert.equal(sha(new Uint8Array(await fs.readFile(path.join(folder, file)))), before.get(file), `${file} unchanged`);
      }
      assert.deepEqual(log, []);
    });

    it('makes nothing twice: a record offered again, before or after it names them, costs no new thumbnail', async () => {
      const record = await storedRun(IDS.older);
      let jobs = 0;
      const counting: ImageThumbnailer = { thumbnail: (r, s) => {
        jobs++;
        return pool.thumbnail(r, s);
      } };
      const thumbs = new ThumbnailMaker({
        thumbnailer: counting,
        readFile: (id, file) => store.readFile(id, file),
        writeFile: (id, file, bytes) => store.writeFile(id, file, bytes),
        updateRecord: async (id, mutate) => {
          const current = await store.load(id);
          if (current && mutate(current) !== false) {
            await store.save(current);
          }
        },
        log: (message) => log.push(message),
      });
      thumbs.offer(record);
      thumbs.offer(record);
      await thumbs.idle();
      thumbs.offer(record); // the stale copy, without the names
      await thumbs.idle();
      const stored = await store.load(IDS.older);
      assert.ok(stored);
      thumbs.offer(stored);
      await thumbs.idle();
      assert.equal(jobs, 3);
    });

    it('gives up on a result that does not decode (its row keeps the placeholder) and still makes the others', async () => {
      const record = await storedRun(IDS.older);
      await store.writeFile(IDS.older, 'variation-2.webp', new TextEncoder().encode('damaged'));
      const thumbs = maker();
      thumbs.offer(record);
      await thumbs.idle();
      const after = await store.load(IDS.older);
      assert.ok(after);
      assert.equal(after.results[0].thumbnail, 'variation-1.webp.thumb.webp');
      assert.equal(after.results[1].thumbnail, undefined);
      assert.match(log.join('\n'), /no thumbnail for .*variation-2\.webp \(undecodable/);
      thumbs.offer(after);
      await thumbs.idle();
      assert.equal(log.length, 1, 'not tried again in this window');
    });

    it('serves runs offered first before the listing it is working through', async () => {
      const order: string[] = [];
      const thumbs = new ThumbnailMaker({
        thumbnailer: pool,
        readFile: (id, file) => {
          order.push(id);
          return store.readFile(id, file);
        },
        writeFile: (id, file, bytes) => store.writeFile(id, file, bytes),
        updateRecord: () => Promise.resolve(),
        log: (message) => log.push(message),
      });
      const older = await storedRun(IDS.older, { results: [] });
      const middle = await storedRun(IDS.middle, { results: [] });
      const newer = await storedRun(IDS.newer, { results: [] });
      thumbs.offerAll([older, middle]);
      thumbs.offer(newer, true);
      await thumbs.idle();
      assert.deepEqual(order, [IDS.older, IDS.newer, IDS.middle]);
    });
  });
});
