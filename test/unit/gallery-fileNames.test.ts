import * as assert from 'node:assert/strict';
import { firstFreeVariationName, sanitizeStem, variationFileName } from '../../src/gallery/fileNames';

describe('variation file names', () => {
  it('uses the source stem and the real extension', () => {
    assert.equal(variationFileName('harbour.png', 1, 'webp'), 'harbour-variation-1.webp');
    assert.equal(variationFileName('photo.final.JPG', 3, 'jpg'), 'photo.final-variation-3.jpg');
  });

  it('takes the lowest free number', async () => {
    const existing = new Set(['cat-variation-1.png', 'cat-variation-2.png', 'cat-variation-4.png']);
    assert.equal(await firstFreeVariationName('cat.png', 'png', async (n) => existing.has(n)), 'cat-variation-3.png');
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
