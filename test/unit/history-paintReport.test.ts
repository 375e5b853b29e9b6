import * as assert from 'node:assert/strict';
import { parseHistoryWebviewMessage } from '../../src/shared/historyProtocol';
import { rowTop, rowWindow } from '../../src/webview/history/virtualWindow';

// The list used to put every row in the DOM, the first screen first and the rest a slice per
// task (progressiveRender.ts); it now keeps only the rows near the viewport in the DOM.
describe('history view: the rows of a long list in the DOM', () => {
  const thousand = Array.from({ length: 1000 }, () => 100);

  it('holds the rows of the first screen and the overscan below it, the rest as padding', () => {
    assert.deepEqual(rowWindow(thousand, 0, 900, 450), { start: 0, end: 14, before: 0, after: 98_600 });
  });

  it('follows the scroll: the rows that meet the viewport and the overscan on both sides', () => {
    // Viewport 50_000..50_900, overscan 450: rows 495 (49_500..49_600) to 513 (51_300..51_400).
    assert.deepEqual(rowWindow(thousand, 50_000, 900, 450), { start: 495, end: 514, before: 49_500, after: 48_600 });
  });

  it('starts at the top while the list begins lower than the viewport top', () => {
    assert.deepEqual(rowWindow(thousand, -300, 900, 0), { start: 0, end: 6, before: 0, after: 99_400 });
  });

  it('reads rows of different heights, and holds none of a list scrolled past or empty', () => {
    assert.deepEqual(rowWindow([50, 300, 50, 50], 100, 100, 0), { start: 1, end: 2, before: 50, after: 100 });
    assert.deepEqual(rowWindow([50, 50], 500, 100, 0), { start: 2, end: 2, before: 100, after: 0 });
    assert.deepEqual(rowWindow([], 0, 900, 450), { start: 0, end: 0, before: 0, after: 0 });
  });

  it('says where a row starts, for scrolling it into view', () => {
    assert.equal(rowTop([50, 300, 50], 2), 350);
    assert.equal(rowTop([50, 300, 50], 0), 0);
  });
});

describe('history protocol: the paint report of test mode', () => {
  const painted = { type: 'painted', from: 'init', at: 30, thumbnails: 12, documentAt: 10, dataAt: 20 };

  it('accepts a well-formed report', () => {
    assert.deepEqual(parseHistoryWebviewMessage(painted), painted);
    assert.deepEqual(parseHistoryWebviewMessage({ ...painted, from: 'state' }), { ...painted, from: 'state' });
    assert.deepEqual(parseHistoryWebviewMessage({ ...painted, from: 'shown' }), { ...painted, from: 'shown' });
  });

  it('refuses other sources, bad numbers and extra fields', () => {
    for (const bad of [
      { ...painted, from: 'page' },
      { ...painted, at: 'now' },
      { ...painted, dataAt: Number.NaN },
      { ...painted, thumbnails: -1 },
      { ...painted, thumbnails: 1.5 },
      { ...painted, generationId: '20261124T110000-abcdef' },
    ]) {
      assert.equal(parseHistoryWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
