import * as assert from 'node:assert/strict';
import { validateScriptRunSettings } from '../../src/commands/scriptRunSettings';

function refusal(input: unknown): string {
  const result = validateScriptRunSettings(input);
  assert.equal(result.ok, false, `expected ${JSON.stringify(input)} to be refused`);
  return result.ok ? '' : result.message;
}

describe('validateScriptRunSettings (the third argument of fluxRedux.createVariations)', () => {
  it('takes a left-out argument and an empty object as "do not save"', () => {
    assert.deepEqual(validateScriptRunSettings(undefined), { ok: true, value: { save: false } });
    assert.deepEqual(validateScriptRunSettings({}), { ok: true, value: { save: false } });
    assert.deepEqual(validateScriptRunSettings({ save: undefined }), { ok: true, value: { save: false } });
  });

  it('accepts save as true or false', () => {
    assert.deepEqual(validateScriptRunSettings({ save: true }), { ok: true, value: { save: true } });
    assert.deepEqual(validateScriptRunSettings({ save: false }), { ok: true, value: { save: false } });
  });

  it('refuses a save that is not a boolean, saying what was given', () => {
    assert.match(refusal({ save: 'yes' }), /save .*must be true or false; got "yes" \(a string\)/);
    assert.match(refusal({ save: 1 }), /must be true or false; got 1$/);
    assert.match(refusal({ save: null }), /got null$/);
  });

  it('refuses fields it does not know, naming them', () => {
    const message = refusal({ save: true, folder: 'out' });
    assert.match(message, /knows only the field save/);
    assert.match(message, /"folder"/);
  });

  it('refuses anything but a plain object, with an example of the right shape', () => {
    for (const [input, shown] of [
      [true, 'true'],
      ['save', '"save" (a string)'],
      [null, 'null'],
      [[{ save: true }], 'an array'],
    ] as const) {
      const message = refusal(input);
      assert.ok(message.includes('{ save: true }'), message);
      assert.ok(message.endsWith(`got ${shown}`), message);
    }
  });
});
