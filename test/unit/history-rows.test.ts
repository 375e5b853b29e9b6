import * as assert from 'node:assert/strict';
import { toHistoryRunView, type RowContext } from '../../src/history/rows';
import { historyState } from '../../src/history/stateWords';
import { historyRecord, IDS } from './history-support';

const context: RowContext = {
  formatWhen: (iso) => `when ${iso}`,
};

describe('history: a run as a row', () => {
  // Rows name files of the run's folder, thumbnails only (the view sends one base URI for the
  // folder: a URI per image made the list megabytes); they used to carry a webview URI per file.
  it('carries the source, the time, the settings in short and a thumbnail per ready result', () => {
    const record = historyRecord(IDS.newer, {
      results: [
        { id: 'r1', index: 1, status: 'ready', file: 'variation-1.webp', thumbnail: 'variation-1.thumb.webp' },
        { id: 'r2', index: 2, status: 'failed', failure: { kind: 'internal', facts: { what: 'internal' } } },
        { id: 'r3', index: 3, status: 'ready', file: 'variation-3.webp' },
      ],
    });
    record.source.thumbnail = 'source.thumb.webp';
    const row = toHistoryRunView(record, undefined, context);
    assert.equal(row.id, IDS.newer);
    assert.equal(row.sourceName, 'cat.png');
    assert.equal(row.sourceThumbnail, 'source.thumb.webp');
    assert.equal(row.createdAt, record.createdAt);
    assert.equal(row.when, `when ${record.createdAt}`);
    assert.equal(row.summary, 'Flux Redux Dev · 4:3 · 2 outputs · webp · 1 MP · 28 steps · q80 · seed 7');
    assert.deepEqual(row.thumbs, [
      // Each thumb carries its favourite mark (new with favourites).
      { resultId: 'r1', index: 1, thumbnail: 'variation-1.thumb.webp', alt: 'Variation 1 of cat.png', favourite: false },
      { resultId: 'r3', index: 3, alt: 'Variation 3 of cat.png', favourite: false },
    ]);
  });
});

describe('history: the state in words', () => {
  it('says done with the number of variations', () => {
    assert.deepEqual(historyState(historyRecord(IDS.newer), undefined), { kind: 'done', words: 'Done: 2 variations' });
    const one = historyRecord(IDS.newer, { options: { ...historyRecord(IDS.newer).options, num_outputs: 1 } });
    one.results = one.results.slice(0, 1);
    assert.deepEqual(historyState(one, undefined), { kind: 'done', words: 'Done: 1 variation' });
  });

  it('says partial when fewer came back than were asked for (withheld or failed)', () => {
    const withheld = historyRecord(IDS.newer, { withheld: 1 });
    withheld.results = withheld.results.slice(0, 1);
    assert.deepEqual(historyState(withheld, undefined), { kind: 'partial', words: 'Partial: 1 of 2 came back' });
    const failedOne = historyRecord(IDS.newer);
    failedOne.results[1] = { id: 'r2', index: 2, status: 'failed', failure: { kind: 'internal', facts: { what: 'download-interrupted' } } };
    assert.equal(historyState(failedOne, undefined).kind, 'partial');
  });

  it('says why a run failed, from facts (version 2) or from the old sentence (version 1)', () => {
    const v2 = historyRecord(IDS.newer, { phase: 'failed', results: [], failure: { kind: 'internal', actions: [], facts: { what: 'internal' } } });
    assert.deepEqual(historyState(v2, undefined), { kind: 'failed', words: 'Failed: Something unexpected went wrong. The log has details.' });
    const v1 = historyRecord(IDS.older, { version: 1, phase: 'failed', results: [], failure: { kind: 'internal', actions: [], message: 'Es ging schief.' } });
    assert.deepEqual(historyState(v1, undefined), { kind: 'failed', words: 'Failed: Es ging schief.' });
  });

  it('says cancelled and interrupted', () => {
    assert.deepEqual(historyState(historyRecord(IDS.newer, { phase: 'cancelled' }), undefined), { kind: 'cancelled', words: 'Cancelled' });
    assert.deepEqual(historyState(historyRecord(IDS.newer, { phase: 'interrupted' }), undefined), { kind: 'interrupted', words: 'Interrupted' });
  });

  it('gives the live status of a run this window runs', () => {
    const running = (phase: 'queued' | 'uploading' | 'generating' | 'downloading') => historyRecord(IDS.newer, { phase, results: [] });
    assert.deepEqual(historyState(running('queued'), { queuePosition: 2 }), { kind: 'running', words: 'Queued (position 2)' });
    assert.deepEqual(historyState(running('uploading'), { uploadPercent: 41.6 }), { kind: 'running', words: 'Uploading 42%' });
    assert.deepEqual(historyState(running('generating'), {}), { kind: 'running', words: 'Generating…' });
    const downloading = historyRecord(IDS.newer, {
      phase: 'downloading',
      results: [{ id: 'r1', index: 1, status: 'ready', file: 'a.webp' }, { id: 'r2', index: 2, status: 'pending' }],
    });
    assert.deepEqual(historyState(downloading, {}), { kind: 'running', words: 'Downloading 1 of 2' });
  });

  it('says how long runs like it usually take while it generates, and when it takes longer', () => {
    const started = Date.parse('2026-11-24T11:00:00.000Z');
    const generating = historyRecord(IDS.newer, { phase: 'generating', results: [], generateStartedAt: started });
    assert.deepEqual(historyState(generating, {}, started + 10_000, 38), { kind: 'running', words: 'Generating… usually about 38 s' });
    assert.deepEqual(historyState(generating, {}, started + 60_000, 38), {
      kind: 'running',
      words: 'Generating… taking longer than usual (usually about 38 s)',
    });
    assert.equal(historyState(generating, {}, started + 10_000, 125).words, 'Generating… usually about 2 min 5 s');
    // The row asks for the estimate only of a run this window runs, and only while it generates.
    const asked: string[] = [];
    const withEstimate: RowContext = { ...context, now: started + 10_000, typicalSeconds: (record) => (asked.push(record.phase), 38) };
    assert.equal(toHistoryRunView(generating, {}, withEstimate).state.words, 'Generating… usually about 38 s');
    assert.match(toHistoryRunView(generating, undefined, withEstimate).state.words, /another window/);
    assert.equal(toHistoryRunView(historyRecord(IDS.newer, { phase: 'uploading', results: [] }), { uploadPercent: 5 }, withEstimate).state.words, 'Uploading 5%');
    assert.deepEqual(asked, ['generating']);
  });

  it('does not claim a run is running when no task of this window owns it', () => {
    const state = historyState(historyRecord(IDS.newer, { phase: 'generating', results: [] }), undefined);
    assert.equal(state.kind, 'unfinished');
    assert.match(state.words, /another window, or interrupted/);
  });
});
