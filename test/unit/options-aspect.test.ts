import * as assert from 'node:assert/strict';
import { nearestAspectRatio } from '../../src/options/resolve';
import { ASPECT_RATIOS } from '../../src/options/types';

describe('nearestAspectRatio', () => {
  const cases: [number, number, string][] = [
    [3000, 2000, '3:2'],
    [1920, 1080, '16:9'],
    [1000, 1000, '1:1'],
    [1080, 1920, '9:16'],
    [2000, 3000, '2:3'],
    [1024, 768, '4:3'],
    [768, 1024, '3:4'],
    [1080, 1350, '4:5'],
    [1350, 1080, '5:4'],
    [2560, 1080, '21:9'],
    [1080, 2560, '9:21'],
  ];
  for (const [width, height, expected] of cases) {
    it(`${width}×${height} -> ${expected}`, () => {
      assert.equal(nearestAspectRatio(width, height), expected);
    });
  }

  it('maps every supported ratio onto itself', () => {
    for (const aspect of ASPECT_RATIOS) {
      const [w, h] = aspect.split(':').map(Number);
      assert.equal(nearestAspectRatio(w * 100, h * 100), aspect);
    }
  });

  it('clamps extreme ratios to the widest and tallest', () => {
    assert.equal(nearestAspectRatio(10000, 10), '21:9');
    assert.equal(nearestAspectRatio(10, 10000), '9:21');
    assert.equal(nearestAspectRatio(1, 1), '1:1');
  });

  it('compares in log space, so landscape and portrait are judged alike', () => {
    // 2.045 lies between 16:9 (1.778) and 21:9 (2.333): nearer 16:9 by difference, nearer
    // 21:9 by factor. Only the factor treats the mirrored portrait size the same way.
    assert.equal(nearestAspectRatio(2045, 1000), '21:9');
    assert.equal(nearestAspectRatio(1000, 2045), '9:21');
  });

  it('refuses sizes that are not positive numbers', () => {
    assert.throws(() => nearestAspectRatio(0, 100), RangeError);
    assert.throws(() => nearestAspectRatio(100, -1), RangeError);
    assert.throws(() => nearestAspectRatio(Number.NaN, 100), RangeError);
  });
});
