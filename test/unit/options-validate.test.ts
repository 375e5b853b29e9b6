import * as assert from 'node:assert/strict';
import { validateScriptOptions, isValidOptions } from '../../src/options/validate';
import { ASPECT_RATIOS, FORMATS, MAX_SEED, type VariationOptions } from '../../src/options/types';

function rejects(input: unknown): string {
  const result = validateScriptOptions(input);
  assert.equal(result.ok, false, `expected ${JSON.stringify(input)} to be refused`);
  return result.ok ? '' : result.message;
}

function accepts(input: Record<string, unknown>): Partial<VariationOptions> {
  const result = validateScriptOptions(input);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

const complete: VariationOptions = {
  format: 'webp',
  aspect_ratio: '4:3',
  num_outputs: 2,
  num_inference_steps: 28,
  seed: 12345,
  output_quality: 80,
  disable_safety_checker: false,
  megapixels: '1',
};

describe('validateScriptOptions', () => {
  it('accepts no options and an empty object as "nothing given"', () => {
    assert.deepEqual(validateScriptOptions(undefined), { ok: true, value: {} });
    assert.deepEqual(validateScriptOptions({}), { ok: true, value: {} });
  });

  it('accepts a complete set and returns exactly what was given', () => {
    assert.deepEqual(accepts({ ...complete }), complete);
  });

  it('treats fields set to undefined as absent', () => {
    assert.deepEqual(accepts({ num_outputs: undefined, format: 'png' }), { format: 'png' });
  });

  it('refuses non-objects', () => {
    for (const input of [null, 5, 'webp', [], true]) {
      assert.match(rejects(input), /^Options must be an object/);
    }
  });

  it('refuses unknown keys and names them', () => {
    const message = rejects({ format: 'png', prompt: 'a cat', output_format: 'png' });
    assert.match(message, /Unknown options "prompt", "output_format"/);
    assert.match(message, /known options are format, aspect_ratio/);
    assert.match(rejects({ imageUrl: 'x' }), /Unknown option "imageUrl"/);
  });

  it('reports every problem at once', () => {
    const message = rejects({ num_outputs: 0, format: 'gif', bogus: 1 });
    assert.match(message, /bogus/);
    assert.match(message, /num_outputs/);
    assert.match(message, /format/);
  });

  describe('num_outputs', () => {
    it('accepts 1 to 4', () => {
      for (const n of [1, 2, 3, 4]) {
        assert.deepEqual(accepts({ num_outputs: n }), { num_outputs: n });
      }
    });
    it('refuses 0 and 5 in the words the user sees', () => {
      assert.equal(rejects({ num_outputs: 5 }), 'num_outputs must be a whole number from 1 to 4; got 5');
      assert.equal(rejects({ num_outputs: 0 }), 'num_outputs must be a whole number from 1 to 4; got 0');
    });
    it('refuses fractions, strings, NaN and Infinity', () => {
      assert.match(rejects({ num_outputs: 1.5 }), /got 1\.5$/);
      assert.match(rejects({ num_outputs: '2' }), /got "2" \(a string\)$/);
      assert.match(rejects({ num_outputs: Number.NaN }), /got NaN$/);
      assert.match(rejects({ num_outputs: Infinity }), /got Infinity$/);
    });
  });

  describe('num_inference_steps', () => {
    it('accepts 1 and 50', () => {
      assert.deepEqual(accepts({ num_inference_steps: 1 }), { num_inference_steps: 1 });
      assert.deepEqual(accepts({ num_inference_steps: 50 }), { num_inference_steps: 50 });
    });
    it('refuses 0, 51, fractions and strings', () => {
      assert.equal(rejects({ num_inference_steps: 0 }), 'num_inference_steps must be a whole number from 1 to 50; got 0');
      assert.match(rejects({ num_inference_steps: 51 }), /from 1 to 50; got 51$/);
      assert.match(rejects({ num_inference_steps: 27.5 }), /got 27\.5$/);
      assert.match(rejects({ num_inference_steps: '28' }), /a string/);
    });
  });

  describe('output_quality', () => {
    it('accepts 1 and 100', () => {
      assert.deepEqual(accepts({ output_quality: 1 }), { output_quality: 1 });
      assert.deepEqual(accepts({ output_quality: 100 }), { output_quality: 100 });
    });
    it('refuses 0, 101, fractions and booleans', () => {
      assert.equal(rejects({ output_quality: 0 }), 'output_quality must be a whole number from 1 to 100; got 0');
      assert.match(rejects({ output_quality: 101 }), /got 101$/);
      assert.match(rejects({ output_quality: 80.5 }), /got 80\.5$/);
      assert.match(rejects({ output_quality: true }), /got true$/);
    });
  });

  describe('seed', () => {
    it('accepts 0 and 2^32-1', () => {
      assert.deepEqual(accepts({ seed: 0 }), { seed: 0 });
      assert.deepEqual(accepts({ seed: MAX_SEED }), { seed: 4294967295 });
    });
    it('refuses -1, 2^32, fractions, strings and null', () => {
      assert.match(rejects({ seed: -1 }), /^seed must be a whole number from 0 to 4294967295.*got -1$/);
      assert.match(rejects({ seed: 2 ** 32 }), /got 4294967296$/);
      assert.match(rejects({ seed: 1.25 }), /got 1\.25$/);
      assert.match(rejects({ seed: 'random' }), /got "random" \(a string\)$/);
      assert.match(rejects({ seed: null }), /got null$/);
    });
    it('tells how to get a random seed', () => {
      assert.match(rejects({ seed: -1 }), /leave it out for a random seed/);
    });
  });

  describe('format', () => {
    it('accepts webp, jpg and png', () => {
      for (const format of FORMATS) {
        assert.deepEqual(accepts({ format }), { format });
      }
    });
    it('refuses other names, other case and non-strings', () => {
      assert.equal(rejects({ format: 'jpeg' }), 'format must be one of "webp", "jpg", "png"; got "jpeg" (a string)');
      assert.match(rejects({ format: 'PNG' }), /got "PNG"/);
      assert.match(rejects({ format: 1 }), /got 1$/);
    });
  });

  describe('aspect_ratio', () => {
    it('accepts all eleven ratios', () => {
      assert.equal(ASPECT_RATIOS.length, 11);
      for (const aspect_ratio of ASPECT_RATIOS) {
        assert.deepEqual(accepts({ aspect_ratio }), { aspect_ratio });
      }
    });
    it('refuses unsupported ratios and other spellings', () => {
      for (const bad of ['2:1', '16/9', '16:9 ', 1.5, { w: 16, h: 9 }]) {
        assert.match(rejects({ aspect_ratio: bad }), /^aspect_ratio must be one of "1:1", "16:9"/);
      }
    });
  });

  describe('megapixels', () => {
    it('accepts the strings "1" and "0.25"', () => {
      assert.deepEqual(accepts({ megapixels: '1' }), { megapixels: '1' });
      assert.deepEqual(accepts({ megapixels: '0.25' }), { megapixels: '0.25' });
    });
    it('refuses numbers and says it must be a string', () => {
      assert.equal(rejects({ megapixels: 1 }), 'megapixels must be the string "1" or "0.25", not a number; got 1');
      assert.match(rejects({ megapixels: 0.25 }), /not a number; got 0\.25$/);
    });
    it('refuses other strings', () => {
      assert.match(rejects({ megapixels: '2' }), /^megapixels must be the string "1" or "0.25"; got "2"/);
      assert.match(rejects({ megapixels: '.25' }), /got "\.25"/);
    });
  });

  describe('disable_safety_checker', () => {
    it('accepts true and false', () => {
      assert.deepEqual(accepts({ disable_safety_checker: true }), { disable_safety_checker: true });
      assert.deepEqual(accepts({ disable_safety_checker: false }), { disable_safety_checker: false });
    });
    it('refuses truthy non-booleans', () => {
      assert.equal(rejects({ disable_safety_checker: 'true' }), 'disable_safety_checker must be true or false; got "true" (a string)');
      assert.match(rejects({ disable_safety_checker: 1 }), /got 1$/);
    });
  });
});

describe('isValidOptions', () => {
  it('accepts a complete, valid set', () => {
    assert.equal(isValidOptions(complete), true);
  });
  it('refuses a set with a field missing', () => {
    const { seed: _seed, ...withoutSeed } = complete;
    assert.equal(isValidOptions(withoutSeed), false);
  });
  it('refuses a set with one invalid field', () => {
    assert.equal(isValidOptions({ ...complete, megapixels: 1 }), false);
    assert.equal(isValidOptions({ ...complete, num_outputs: 5 }), false);
  });
  it('refuses extra keys and non-objects', () => {
    assert.equal(isValidOptions({ ...complete, imageUrl: 'images/x.png' }), false);
    assert.equal(isValidOptions(null), false);
    assert.equal(isValidOptions([complete]), false);
  });
});
