import * as assert from 'node:assert/strict';
import { RECENT_RUNS, recentRunItems } from '../../src/history/recentRuns';
import { runTimeLabel, sharesSourceName } from '../../src/gallery/tabTitles';
import { historyRecord, IDS } from './history-support';

describe('Show Gallery: the quick pick of recent runs', () => {
  it('offers each run with its time, state and settings, newest first as listed', () => {
    const items = recentRunItems([historyRecord(IDS.newer), historyRecord(IDS.older, { phase: 'failed', results: [] })], (iso) => `at ${iso}`, 0);
    assert.deepEqual(items.map((item) => item.generationId), [IDS.newer, IDS.older]);
    assert.equal(items[0].label, 'cat.png');
    assert.equal(items[0].description, 'at 2026-11-23T10:00:00.000Z · Done: 2 variations');
    assert.equal(items[0].detail, 'Flux Redux Dev · 4:3 · 2 outputs · webp · 1 MP · 28 steps · q80 · seed 7');
    assert.match(items[1].description, /Failed/);
  });

  // Was: a stored result of at most 400 KB as the icon. The history's WebP thumbnails replace it
  // (issue 12: "thumbnails as item icons"), so a small stored result is no longer decoded whole.
  it('uses the first result\'s thumbnail as the icon, else the source\'s, never a stored result', () => {
    const source = historyRecord(IDS.older).source;
    const thumbed = historyRecord(IDS.newer, {
      results: [
        { id: 'r1', index: 1, status: 'failed' },
        { id: 'r2', index: 2, status: 'ready', file: 'variation-2.webp', bytes: 10, thumbnail: 'variation-2.thumb.webp' },
      ],
      source: { ...source, thumbnail: 'source.thumb.webp' },
    });
    const sourceOnly = historyRecord(IDS.middle, { source: { ...source, thumbnail: 'source.thumb.webp' } });
    const unthumbed = historyRecord(IDS.older);
    const nothingBack = historyRecord(IDS.older, { results: [] });
    const items = recentRunItems([thumbed, sourceOnly, unthumbed, nothingBack], (iso) => iso, 0);
    assert.deepEqual(items.map((item) => item.iconFile), ['variation-2.thumb.webp', 'source.thumb.webp', undefined, undefined]);
  });

  it('offers at most the recent ones', () => {
    const many = Array.from({ length: RECENT_RUNS + 5 }, (_, i) => historyRecord(`20261124T1100000${String(i).padStart(2, '0')}-aaaaaa`));
    assert.equal(recentRunItems(many, (iso) => iso, 0).length, RECENT_RUNS);
  });
});

describe('gallery tabs of runs on the same image', () => {
  it('are told apart only when another open gallery shows an image of the same name', () => {
    const panels = [{ generationId: IDS.older, sourceName: 'cat.png' }, { generationId: IDS.middle, sourceName: 'dog.png' }, { generationId: IDS.newer }];
    assert.equal(sharesSourceName(IDS.newer, 'cat.png', panels), true);
    assert.equal(sharesSourceName(IDS.older, 'cat.png', panels), false, 'not with itself');
    assert.equal(sharesSourceName(IDS.newer, 'bird.png', panels), false);
  });

  it('names the time alone today and the date on other days', () => {
    const now = new Date('2026-11-24T15:00:00');
    assert.equal(runTimeLabel('2026-11-24T11:05:09', now, 'en-GB'), '11:05:09');
    assert.match(runTimeLabel('2026-11-20T11:05:00', now, 'en-GB'), /20 Nov.*11:05/);
    assert.equal(runTimeLabel('garbage', now, 'en'), 'garbage');
  });
});
