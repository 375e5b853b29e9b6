import * as assert from 'node:assert/strict';
import { runsToClear } from '../../src/history/clearing';
import { isKept, markFavourite } from '../../src/history/favourites';
import { toHistoryRunView } from '../../src/history/rows';
import { toGalleryView } from '../../src/gallery/viewModel';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { historyRecord, IDS } from './history-support';

const context = { formatWhen: (iso: string) => iso };

describe('history: favourites', () => {
  it('marks and unmarks a run, leaving no field behind when unmarked', () => {
    const record = historyRecord(IDS.older);
    assert.equal(markFavourite({ kind: 'run' }, true)(record), undefined);
    assert.equal(record.favourite, true);
    assert.equal(markFavourite({ kind: 'run' }, false)(record), undefined);
    assert.equal(record.favourite, undefined);
    assert.equal(JSON.stringify(record).includes('favourite'), false, 'nothing of it is written');
  });

  it('marks one result and says "no change" when the mark is already so', () => {
    const record = historyRecord(IDS.older);
    assert.equal(markFavourite({ kind: 'result', resultId: 'r2' }, true)(record), undefined);
    assert.deepEqual(record.results.map((r) => r.favourite), [undefined, true]);
    assert.equal(markFavourite({ kind: 'result', resultId: 'r2' }, true)(record), false);
    assert.equal(markFavourite({ kind: 'run' }, false)(record), false);
  });

  it('refuses to mark a result that is not there or not ready', () => {
    const record = historyRecord(IDS.older, { results: [{ id: 'r1', index: 1, status: 'failed', failure: { kind: 'internal', facts: { what: 'internal' } } }] });
    assert.equal(markFavourite({ kind: 'result', resultId: 'r1' }, true)(record), false);
    assert.equal(markFavourite({ kind: 'result', resultId: 'nope' }, true)(record), false);
    assert.equal(record.results[0].favourite, undefined);
  });

  it('keeps a run marked itself or through any result', () => {
    assert.equal(isKept(historyRecord(IDS.older)), false);
    assert.equal(isKept(historyRecord(IDS.older, { favourite: true })), true);
    const result = historyRecord(IDS.older);
    result.results[1].favourite = true;
    assert.equal(isKept(result), true);
  });

  it('Clear History leaves favourites and counts them apart from unfinished runs', () => {
    const starredResult = historyRecord(IDS.middle);
    starredResult.results[0].favourite = true;
    const records = [historyRecord(IDS.newer, { phase: 'generating', results: [] }), starredResult, historyRecord(IDS.older, { favourite: true })];
    assert.deepEqual(runsToClear(records, () => false), { remove: [], kept: 1, favourites: 2 });
    assert.deepEqual(runsToClear([...records, historyRecord('20261120T000000000-dddddd')], () => false).remove, ['20261120T000000000-dddddd']);
  });

  it('shows the marks in the row: on the run and on each thumb', () => {
    const record = historyRecord(IDS.older, { favourite: true });
    record.results[1].favourite = true;
    const row = toHistoryRunView(record, undefined, context);
    assert.equal(row.favourite, true);
    assert.deepEqual(row.thumbs.map((thumb) => thumb.favourite), [false, true]);
  });
});

describe('gallery: the favourite star on a card', () => {
  it('shows the mark of each result', () => {
    const record = historyRecord(IDS.older);
    record.results[0].favourite = true;
    const view = toGalleryView(record, {}, { fileSrc: (name) => name, actionLabel: (id) => id });
    assert.deepEqual(view.results.map((result) => result.favourite), [true, undefined]);
  });

  it('accepts the star\'s message and refuses a malformed one', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'favourite', resultId: 'r1', favourite: true }), { type: 'favourite', resultId: 'r1', favourite: true });
    for (const forged of [
      { type: 'favourite', resultId: 'r1' },
      { type: 'favourite', resultId: '../r1', favourite: true },
      { type: 'favourite', resultId: 'r1', favourite: 1 },
      { type: 'favourite', resultId: 'r1', favourite: true, generationId: IDS.older },
    ]) {
      assert.equal(parseWebviewMessage(forged), undefined, JSON.stringify(forged));
    }
  });
});
