import * as assert from 'node:assert/strict';
import {
  historyFileUrl,
  isHistoryHostMessage,
  parseHistoryWebviewMessage,
  type HistoryRunView,
  type HistoryWebviewMessage,
} from '../../src/shared/historyProtocol';
import { isGenerationId, newGenerationId } from '../../src/runs/generationIds';
import { IDS } from './history-support';

const RUN: HistoryRunView = {
  id: IDS.newer,
  sourceName: 'cat.png',
  sourceThumbnail: 'source.thumb.webp',
  createdAt: '2026-11-24T11:00:00.000Z',
  when: 'Nov 24, 2026, 11:00 AM',
  summary: '4:3',
  state: { kind: 'done', words: 'Done: 2 variations' },
  thumbs: [],
  search: 'cat.png',
  favourite: false,
  inWorkspace: true,
  parentDeleted: false,
};

const TOKEN = 'abcdefghijklmnopqrstuvwx';

describe('history protocol: webview → host', () => {
  const valid: HistoryWebviewMessage[] = [
    { type: 'ready' },
    { type: 'openGallery', generationId: IDS.newer },
    { type: 'revealSource', generationId: IDS.newer },
    { type: 'deleteRun', generationId: IDS.older },
    { type: 'openResult', generationId: IDS.older, resultId: 'r-1' },
    { type: 'compareResult', generationId: IDS.older, resultId: 'r1' },
    { type: 'saveResult', generationId: IDS.older, resultId: 'r1' },
    { type: 'saveResultAs', generationId: IDS.older, resultId: 'r1' },
    { type: 'setFavourite', generationId: IDS.older, favourite: true },
    { type: 'setFavourite', generationId: IDS.older, resultId: 'r2', favourite: false },
    { type: 'runAgain', generationId: IDS.newer, token: TOKEN },
    // Vary is paid: it names a result and carries the token of its offer (issue 13).
    { type: 'vary', generationId: IDS.older, resultId: 'r1', token: 'tok_ABCDEFGHIJKLMNOP' },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => {
      assert.deepEqual(parseHistoryWebviewMessage(message), message);
    });
  }

  const invalid: unknown[] = [
    undefined,
    null,
    'ready',
    { type: 'nope' },
    { type: 'ready', extra: 1 },
    { type: 'deleteRun' },
    { type: 'deleteRun', generationId: '../../etc' },
    { type: 'deleteRun', generationId: IDS.newer, path: '/tmp' },
    { type: 'openResult', generationId: IDS.newer, resultId: '../x' },
    { type: 'openResult', generationId: IDS.newer },
    { type: 'compareResult', generationId: IDS.newer, resultId: 'r/1' },
    { type: 'saveResult', generationId: IDS.newer, resultId: 'r1', path: '/tmp/x.png' },
    { type: 'setFavourite', generationId: IDS.newer },
    { type: 'setFavourite', generationId: IDS.newer, favourite: 'yes' },
    { type: 'setFavourite', generationId: IDS.newer, resultId: '../r1', favourite: true },
    { type: 'runAgain', generationId: IDS.newer },
    { type: 'runAgain', generationId: IDS.newer, token: 'short' },
    { type: 'runAgain', generationId: IDS.newer, token: TOKEN, options: { seed: 1 } },
    { type: 'vary', generationId: IDS.newer, resultId: 'r1' },
    { type: 'vary', generationId: IDS.newer, resultId: 'r1', token: 'short' },
    { type: 'vary', generationId: IDS.newer, resultId: '../x', token: 'tok_ABCDEFGHIJKLMNOP' },
    { type: 'vary', generationId: IDS.newer, resultId: 'r1', token: 'tok_ABCDEFGHIJKLMNOP', options: {} },
  ];
  for (const message of invalid) {
    it(`refuses ${JSON.stringify(message)}`, () => {
      assert.equal(parseHistoryWebviewMessage(message), undefined);
    });
  }

  it('accepts exactly the generation ids the store makes', () => {
    const made = newGenerationId(new Date('2026-11-24T11:00:00.123Z'), () => 0.5);
    assert.ok(isGenerationId(made));
    assert.ok(parseHistoryWebviewMessage({ type: 'openGallery', generationId: made }));
    const seconds = '20261124T110000-abcdef';
    assert.equal(isGenerationId(seconds), Boolean(parseHistoryWebviewMessage({ type: 'openGallery', generationId: seconds })));
  });
});

describe('history protocol: host → webview', () => {
  it('makes a file\'s URI from the one base the view sends, each part encoded', () => {
    const base = 'https://file+.vscode-resource.vscode-cdn.net/home/u/globalStorage/generations';
    assert.equal(historyFileUrl(base, IDS.newer, 'variation-1.thumb.webp'), `${base}/${IDS.newer}/variation-1.thumb.webp`);
    assert.equal(historyFileUrl(base, IDS.newer, 'a b#?.webp'), `${base}/${IDS.newer}/a%20b%23%3F.webp`);
  });


  it('accepts init, runs and run', () => {
    assert.ok(isHistoryHostMessage({ type: 'init', strings: {}, view: { runs: [RUN], filesBase: 'https://file+.vscode-resource.vscode-cdn.net/g', workspaceOpen: true } }));
    assert.ok(isHistoryHostMessage({ type: 'runs', view: { runs: [], filesBase: '', workspaceOpen: false } }));
    assert.ok(isHistoryHostMessage({ type: 'run', run: RUN }));
  });

  it('refuses what it could not render', () => {
    assert.equal(isHistoryHostMessage({ type: 'runs', view: { runs: [{ ...RUN, state: { kind: 'odd', words: '' } }], filesBase: '', workspaceOpen: false } }), false);
    assert.equal(isHistoryHostMessage({ type: 'runs', view: { runs: [], filesBase: '' } }), false, 'workspaceOpen missing');
    assert.equal(isHistoryHostMessage({ type: 'runs', view: { runs: [], workspaceOpen: false } }), false, 'filesBase missing');
    assert.equal(isHistoryHostMessage({ type: 'run', run: { id: 'x' } }), false);
    assert.equal(isHistoryHostMessage({ type: 'init', view: { runs: [] } }), false);
    assert.equal(isHistoryHostMessage({ type: 'other' }), false);
  });
});
