import * as assert from 'node:assert/strict';
import { englishLocalizer, formatMessage, setLocalizer, t, type Localizer } from '../../src/l10n';

describe('l10n: English formatting (the vscode.l10n.t contract for the default language)', () => {
  afterEach(() => setLocalizer(undefined));

  it('fills positional placeholders in any order, each as often as it appears', () => {
    assert.equal(t('{1} before {0}', 'a', 'b'), 'b before a');
    assert.equal(t('{0} and {0} again', 'x'), 'x and x again');
  });

  it('writes numbers and booleans as JavaScript does', () => {
    assert.equal(t('{0} of {1}: {2}', 2, 4294967295, true), '2 of 4294967295: true');
    assert.equal(t('{0}', 0), '0');
  });

  it('leaves a placeholder without an argument as written', () => {
    assert.equal(t('{0} of {1}', 'one'), 'one of {1}');
    assert.equal(t('Only {0}'), 'Only {0}');
  });

  it('does not read placeholders out of the arguments it puts in', () => {
    assert.equal(t('{0} and {1}', '{1}', 'b'), '{1} and b');
  });

  it('treats braces that name no argument as text', () => {
    assert.equal(t('{length} {constructor} {0}', 'x'), '{length} {constructor} x');
    assert.equal(t('{} {0}', 'x'), '{} x');
  });

  it('fills named placeholders from a record, leaving unknown names and indexes alone', () => {
    assert.equal(t('Hello {name}, {name}!', { name: 'Ada' }), 'Hello Ada, Ada!');
    assert.equal(t('{name} has {count} {unknown} {0}', { name: 'Ada', count: 3 }), 'Ada has 3 {unknown} {0}');
  });

  it('takes the options form, with positional or named arguments, ignoring the comment', () => {
    assert.equal(t({ message: '{0}: {1}', args: ['WebP', 'small'], comment: ['a format and its description'] }), 'WebP: small');
    assert.equal(t({ message: 'Hi {who}', args: { who: 'Ada' }, comment: 'greeting' }), 'Hi Ada');
    assert.equal(t({ message: 'No {0} here', comment: 'no args' }), 'No {0} here');
  });

  it('formatMessage is the same formatter, for either kind of arguments', () => {
    assert.equal(formatMessage('{0}-{1}', ['a', 'b']), 'a-b');
    assert.equal(formatMessage('{a}-{b}', { a: 1, b: null }), '1-{b}');
    assert.equal(formatMessage('{0}', []), '{0}');
  });
});

describe('l10n: the installed localiser', () => {
  afterEach(() => setLocalizer(undefined));

  it('receives each call exactly as made, in all three forms', () => {
    const calls: unknown[][] = [];
    setLocalizer((...params: unknown[]) => {
      calls.push(params);
      return 'translated';
    });
    assert.equal(t('Hello {0}', 'World'), 'translated');
    assert.equal(t('Hello {name}', { name: 'Ada' }), 'translated');
    assert.equal(t({ message: 'Hi', comment: 'c' }), 'translated');
    assert.deepEqual(calls, [['Hello {0}', 'World'], ['Hello {name}', { name: 'Ada' }], [{ message: 'Hi', comment: 'c' }]]);
  });

  it('can be a function that needs its `this`, bound as the extension binds vscode.l10n.t', () => {
    const l10n = {
      prefix: 'fr:',
      t(this: { prefix: string }, message: string, ...args: string[]): string {
        return this.prefix + formatMessage(message, args);
      },
    };
    setLocalizer(l10n.t.bind(l10n) as Localizer);
    assert.equal(t('Bonjour {0}', 'Ada'), 'fr:Bonjour Ada');
  });

  it('goes back to English when given undefined', () => {
    setLocalizer(() => 'other');
    assert.equal(t('Hello {0}', 'World'), 'other');
    setLocalizer(undefined);
    assert.equal(t('Hello {0}', 'World'), 'Hello World');
    assert.equal(englishLocalizer('Hello {0}', 'again'), 'Hello again');
  });
});
