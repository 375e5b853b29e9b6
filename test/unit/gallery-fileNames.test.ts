import * as assert from 'node:assert/strict';
import { firstFreeVariationName, MAX_NAME_ATTEMPTS, sanitizeStem, variationFileName, variationNameCandidates } from '../../src/gallery/fileNames';

describe('variation file names', () => {
  it('uses the source stem and the real extension', () => {
    assert.equal(variationFileName('harbour.png', 1, 'webp'), 'harbour-variation-1.webp');
    assert.equal(variationFileName('photo.final.JPG', 3, 'jpg'), 'photo.final-variation-3.jpg');
  });

  it('names variation n after n, whatever else the folder holds', async () => {
    // The old rule took the lowest free number: Variation 2 became -variation-1 in an empty folder.
    assert.equal(await firstFreeVariationName('cat.png', 2, 'png', async () => false), 'cat-variation-2.png');
    const existing = new Set(['cat-variation-1.png', 'cat-variation-3.png']);
    assert.equal(await firstFreeVariationName('cat.png', 2, 'png', async (n) => existing.has(n)), 'cat-variation-2.png');
  });

  it('when the name is taken, adds the lowest free k ≥ 2', async () => {
    const existing = new Set(['cat-variation-2.png', 'cat-variation-2-2.png', 'cat-variation-2-4.png']);
    assert.equal(await firstFreeVariationName('cat.png', 2, 'png', async (n) => existing.has(n)), 'cat-variation-2-3.png');
    assert.equal(await firstFreeVariationName('cat.png', 1, 'png', async (n) => n === 'cat-variation-1.png'), 'cat-variation-1-2.png');
  });

  it('tries the plain name first, then k = 2, 3, … and stops after a bounded number', () => {
    const names = [...variationNameCandidates('cat.png', 3, 'webp')];
    assert.deepEqual(names.slice(0, 3), ['cat-variation-3.webp', 'cat-variation-3-2.webp', 'cat-variation-3-3.webp']);
    assert.equal(names.length, MAX_NAME_ATTEMPTS);
    assert.equal(variationFileName('cat.png', 3, 'webp', 1), 'cat-variation-3.webp', 'no suffix below 2');
  });

  it('gives up with a message pointing at Save As… when every name is taken', async () => {
    await assert.rejects(firstFreeVariationName('cat.png', 1, 'png', async () => true), /Save As/);
  });

  it('keeps unicode and spaces but removes what a file system refuses', () => {
    assert.equal(sanitizeStem('Hafen am Morgen – 港.png'), 'Hafen am Morgen – 港');
    assert.equal(sanitizeStem('a<b>c:d"e|f?g*h.png'), 'a_b_c_d_e_f_g_h');
    assert.equal(sanitizeStem('../../etc/passwd.png'), 'passwd');
    assert.equal(sanitizeStem('...png'), 'image');
    assert.equal(sanitizeStem('CON.png'), 'CON_');
    assert.equal(sanitizeStem('$(rm -rf ~); `x`.png'), '$(rm -rf ~); `x`');
  });

  it('never yields a path separator', () => {
    for (const name of ['a/b.png', 'a\\b.png', '/.png', 'x\u0000y.png']) {
      assert.doesNotMatch(variationFileName(name, 1, 'png'), /[\\/\u0000]/);
    }
  });
});
