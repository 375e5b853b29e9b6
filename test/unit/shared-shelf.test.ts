import * as assert from 'node:assert/strict';
import { errorMessage } from '../../src/shared/errorMessage';
import { assertNever, isRecord } from '../../src/shared/guards';
import { tryParseJson } from '../../src/shared/json';
import { err, ok, type Result } from '../../src/shared/result';

describe('shared: the helper shelf', () => {
  describe('guards', () => {
    it('assertNever throws, naming the value a switch did not expect', () => {
      const unexpected = { kind: 'surprise' } as never;
      assert.throws(() => assertNever(unexpected), /Unexpected value: \{"kind":"surprise"\}/);
    });

    it('isRecord takes plain objects only', () => {
      assert.equal(isRecord({}), true);
      assert.equal(isRecord({ a: 1 }), true);
      assert.equal(isRecord(Object.create(null)), true);
      for (const value of [null, undefined, [], [1], 'text', 3, true]) {
        assert.equal(isRecord(value), false, JSON.stringify(value));
      }
    });
  });

  describe('json', () => {
    it('parses JSON and gives undefined for anything else, without throwing', () => {
      assert.deepEqual(tryParseJson('{"a":[1,"b"]}'), { a: [1, 'b'] });
      assert.equal(tryParseJson('42'), 42);
      assert.equal(tryParseJson('null'), null);
      assert.equal(tryParseJson('<html>502</html>'), undefined);
      assert.equal(tryParseJson(''), undefined);
      assert.equal(tryParseJson('{"cut": '), undefined);
    });
  });

  describe('errorMessage', () => {
    it('takes an Error’s message and the text of anything else thrown', () => {
      assert.equal(errorMessage(new Error('disk full')), 'disk full');
      assert.equal(errorMessage(new TypeError('bad')), 'bad');
      assert.equal(errorMessage('plain words'), 'plain words');
      assert.equal(errorMessage(404), '404');
      assert.equal(errorMessage(undefined), 'undefined');
    });
  });

  describe('result', () => {
    it('puts the facts beside ok, so callers narrow on ok and read them by name', () => {
      const parse = (text: string): Result<{ value: number }, { reason: string }> =>
        /^\d+$/.test(text) ? ok({ value: Number(text) }) : err({ reason: `${text} is not a number` });
      assert.deepEqual(parse('12'), { ok: true, value: 12 });
      assert.deepEqual(parse('twelve'), { ok: false, reason: 'twelve is not a number' });
      const answer = parse('7');
      assert.equal(answer.ok ? answer.value : answer.reason, 7);
    });
  });
});
