import * as assert from 'node:assert/strict';
import { filterRuns, filterWords, hasFavourite } from '../../src/shared/historyFilter';
import { searchText } from '../../src/history/rows';
import { historyRecord, IDS } from './history-support';

/** What the toggles read; the filter box tests below leave them off. */
const plain = { inWorkspace: true, favourite: false, thumbs: [] as { favourite: boolean }[] };

const runs = [
  { ...plain, id: 'harbour', search: searchText(historyRecord(IDS.newer, { source: { ...historyRecord(IDS.newer).source, name: 'Harbour at Dusk.PNG' } })) },
  {
    ...plain,
    id: 'cat',
    search: searchText(historyRecord(IDS.middle, {
      model: 'black-forest-labs/flux-redux-schnell',
      options: { ...historyRecord(IDS.middle).options, seed: 4242, aspect_ratio: '16:9', format: 'png' },
    })),
  },
  { ...plain, id: 'plain', search: searchText(historyRecord(IDS.older, { options: { ...historyRecord(IDS.older).options, format: 'jpg', seed: 99 } })) },
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

describe('history: the toggles', () => {
  const toggled = [
    { ...plain, id: 'here', search: 'a.png' },
    { ...plain, id: 'elsewhere', search: 'b.png', inWorkspace: false },
    { ...plain, id: 'starred run', search: 'c.png', inWorkspace: false, favourite: true },
    { ...plain, id: 'starred result', search: 'd.png', thumbs: [{ favourite: false }, { favourite: true }] },
  ];
  const shown = (text: string, thisWorkspace: boolean, favourites: boolean) =>
    filterRuns(toggled, text, { thisWorkspace, favourites }).map((run) => run.id);

  it('This workspace keeps the runs whose root source is in an open folder', () => {
    assert.deepEqual(shown('', true, false), ['here', 'starred result']);
  });

  it('Favourites keeps runs marked themselves or through a result', () => {
    assert.deepEqual(shown('', false, true), ['starred run', 'starred result']);
    assert.equal(hasFavourite(toggled[3]), true);
    assert.equal(hasFavourite(toggled[0]), false);
  });

  it('combines both toggles and the words', () => {
    assert.deepEqual(shown('', true, true), ['starred result']);
    assert.deepEqual(shown('c.png', false, true), ['starred run']);
    assert.deepEqual(shown('c.png', true, true), []);
    assert.deepEqual(shown('', false, false), toggled.map((run) => run.id));
  });
});
