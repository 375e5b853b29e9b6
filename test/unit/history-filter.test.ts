import * as assert from 'node:assert/strict';
import { filterRuns, filterWords } from '../../src/shared/historyFilter';
import { searchText } from '../../src/history/rows';
import { historyRecord, IDS } from './history-support';

const runs = [
  { id: 'harbour', search: searchText(historyRecord(IDS.newer, { source: { ...historyRecord(IDS.newer).source, name: 'Harbour at Dusk.PNG' } })) },
  {
    id: 'cat',
    search: searchText(historyRecord(IDS.middle, {
      model: 'black-forest-labs/flux-redux-schnell',
      options: { ...historyRecord(IDS.middle).options, seed: 4242, aspect_ratio: '16:9', format: 'png' },
    })),
  },
  { id: 'plain', search: searchText(historyRecord(IDS.older, { options: { ...historyRecord(IDS.older).options, format: 'jpg', seed: 99 } })) },
];

const ids = (text: string) => filterRuns(runs, text).map((run) => run.id);

describe('history: the filter box', () => {
  it('shows every run for an empty or blank filter, in their order', () => {
    assert.deepEqual(ids(''), ['harbour', 'cat', 'plain']);
    assert.deepEqual(ids('   '), ['harbour', 'cat', 'plain']);
  });

  it('matches the source name, ignoring case', () => {
    assert.deepEqual(ids('harbour'), ['harbour']);
    assert.deepEqual(ids('DUSK'), ['harbour']);
  });

  it('matches the seed, alone or as "seed N"', () => {
    assert.deepEqual(ids('4242'), ['cat']);
    assert.deepEqual(ids('seed 99'), ['plain']);
  });

  it('matches the aspect ratio, the format and the model (id or name)', () => {
    assert.deepEqual(ids('16:9'), ['cat']);
    assert.deepEqual(ids('jpg'), ['plain']);
    assert.deepEqual(ids('schnell'), ['cat']);
    assert.deepEqual(ids('flux redux dev'), ['harbour', 'plain']);
    assert.deepEqual(ids('flux-redux-dev'), ['harbour', 'plain']);
  });

  it('needs every word to match', () => {
    assert.deepEqual(ids('png 16:9'), ['cat']);
    assert.deepEqual(ids('harbour 16:9'), []);
  });

  it('splits what was typed into lower-case words', () => {
    assert.deepEqual(filterWords('  Seed   42 '), ['seed', '42']);
  });

  it('never makes a word across two fields', () => {
    // The name ends in "png" and the seed starts the next line: "png7" is in no field.
    assert.deepEqual(ids('png7'), []);
  });
});
