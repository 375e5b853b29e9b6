/**
 * Reads the sources (with TypeScript's parser, nothing is run; see scripts/docs/l10nCalls.ts) and
 * checks every call of `l10n.t` (@vscode/l10n) and of `vscode.l10n.t` the way a translation bundle needs it: the
 * message is one string literal, so it can be found and looked up as written; and its `{0}`…
 * placeholders match the arguments given, so no argument is dropped and no placeholder is shown
 * to the user as is.
 */
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { checkCall, messageCalls, sourceFiles } from '../../scripts/docs/l10nCalls';

describe('l10n: every l10n.t(…) call in src is one literal message with matching placeholders', () => {
  const calls = sourceFiles().flatMap(messageCalls);

  it('finds the calls in the modules that use l10n.t', () => {
    const files = new Set(calls.filter((call) => call.via === 'l10n.t').map((call) => call.where.split(':')[0]));
    // Failures are words only when shown (issue 10): their sentences moved from failures.ts,
    // client.ts, responses.ts and generationRun.ts to failureWords.ts and failureText.ts.
    for (const expected of [
      'src/api/failureWords.ts',
      'src/api/endpoint.ts',
      'src/runs/failureText.ts',
      'src/imaging/messages.ts',
      'src/options/pickItems.ts',
      'src/options/summary.ts',
    ]) {
      assert.ok(files.has(expected), `no l10n.t calls found in ${expected}`);
    }
  });

  it('finds the vscode.l10n.t calls of the host, the gallery’s words among them', () => {
    const files = new Set(calls.filter((call) => call.via === 'vscode.l10n.t').map((call) => call.where.split(':')[0]));
    assert.ok(files.has('src/gallery/strings.ts'), [...files].join(', '));
  });

  it('has no call that a translation bundle could not serve', () => {
    const problems = calls.filter((call) => call.problem).map((call) => `${call.where}: ${call.problem}`);
    assert.deepEqual(problems, []);
  });

  it('would flag a message built in code, a missing argument, an unused one and a comment built in code', () => {
    const file = ts.createSourceFile(
      'probe.ts',
      "t(`${name} is empty`); t('{0} of {1}', a); t('{0}', a, b); t(prefix + 'x'); t({ message: '{0}', args: [a] }); t({ message: 'x', comment: note });",
      ts.ScriptTarget.ES2022,
      true,
    );
    const problems = file.statements.map((statement) =>
      checkCall((statement as ts.ExpressionStatement).expression as ts.CallExpression, 'probe').problem,
    );
    assert.deepEqual(
      problems.map((problem) => problem?.split(' ').slice(0, 3).join(' ')),
      ['the message must', 'placeholder {1} has', 'argument 1 is', 'the message must', 'the options form', 'the comment must'],
    );
  });

  it('leaves a vscode.l10n.t template given no arguments unfilled, but checks one given arguments', () => {
    const file = ts.createSourceFile('probe.ts', "l.t('Variation {0} of {1}'); l.t('Saved to {0}', a, b);", ts.ScriptTarget.ES2022, true);
    const problems = file.statements.map((statement) =>
      checkCall((statement as ts.ExpressionStatement).expression as ts.CallExpression, 'probe', 'vscode.l10n.t').problem,
    );
    assert.deepEqual(problems, [undefined, 'argument 1 is not used']);
  });
});
