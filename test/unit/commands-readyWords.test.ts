import * as assert from 'node:assert/strict';
import { readyNotice } from '../../src/commands/readyWords';

describe('the notice of results ready while the gallery is hidden', () => {
  it('says one variation in the singular and several in the plural, never "variation(s)"', () => {
    assert.equal(readyNotice(1, 'cat.png'), '1 variation of cat.png is ready.');
    assert.equal(readyNotice(3, 'cat.png'), '3 variations of cat.png are ready.');
    assert.doesNotMatch(readyNotice(2, 'x.png'), /\(s\)/);
  });
});
