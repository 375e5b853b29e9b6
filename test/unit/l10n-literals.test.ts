/**
 * Reads the sources (with TypeScript's parser, nothing is run) and checks every call of our `t`
 * the way a translation bundle needs it: the message is one string literal, so it can be found
 * and looked up as written; and its `{0}`… placeholders match the arguments given, so no
 * argument is dropped and no placeholder is shown to the user as is.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SRC = path.join(REPO, 'src');
const L10N_MODULE = path.join(SRC, 'l10n.ts');

interface TCall {
  where: string;
  problem?: string;
  message?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'webview' ? [] : sourceFiles(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The local name our `t` is imported under in this file, if it is imported. */
function importedT(file: ts.SourceFile, fileName: string): string | undefined {
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) {
      continue;
    }
    const target = path.resolve(path.dirname(fileName), statement.moduleSpecifier.text);
    const bindings = statement.importClause?.namedBindings;
    if (target + '.ts' !== L10N_MODULE || !bindings || !ts.isNamedImports(bindings)) {
      continue;
    }
    const t = bindings.elements.find((element) => (element.propertyName ?? element.name).text === 't');
    if (t) {
      return t.name.text;
    }
  }
  return undefined;
}

function placeholderProblem(message: string, positional: number | undefined, named: readonly string[] | undefined): string | undefined {
  const used = [...message.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  if (named) {
    const missing = used.filter((name) => !named.includes(name));
    const unused = named.filter((name) => !used.includes(name));
    return missing.length + unused.length > 0 ? `placeholders ${missing.join(',')} / arguments ${unused.join(',')} do not match` : undefined;
  }
  const count = positional ?? 0;
  const indexes = new Set(used.map(Number));
  for (const name of used) {
    if (!/^\d+$/.test(name) || Number(name) >= count) {
      return `placeholder {${name}} has no argument (${count} given)`;
    }
  }
  for (let index = 0; index < count; index++) {
    if (!indexes.has(index)) {
      return `argument ${index} is not used`;
    }
  }
  return undefined;
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function checkCall(call: ts.CallExpression, where: string): TCall {
  const [first, ...rest] = call.arguments;
  const message = literalText(first);
  if (message !== undefined) {
    const namedArgs = rest.length === 1 && ts.isObjectLiteralExpression(rest[0]) ? rest[0] : undefined;
    const names = namedArgs?.properties.map((property) => property.name?.getText() ?? '?');
    return { where, message, problem: placeholderProblem(message, rest.length, names) };
  }
  if (first && ts.isObjectLiteralExpression(first)) {
    const property = (name: string) =>
      first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
    const optionMessage = literalText(property('message'));
    if (optionMessage === undefined) {
      return { where, problem: 'the options form needs a string literal `message`' };
    }
    if (!property('comment')) {
      return { where, problem: 'the options form is for a comment: give one' };
    }
    const args = property('args');
    if (args && !ts.isArrayLiteralExpression(args) && !ts.isObjectLiteralExpression(args)) {
      return { where, problem: '`args` must be written out as an array or object literal' };
    }
    const names = args && ts.isObjectLiteralExpression(args) ? args.properties.map((p) => p.name?.getText() ?? '?') : undefined;
    const count = args && ts.isArrayLiteralExpression(args) ? args.elements.length : 0;
    return { where, message: optionMessage, problem: placeholderProblem(optionMessage, count, names) };
  }
  return { where, problem: 'the message must be a string literal (a whole sentence with placeholders), not built in code' };
}

function tCalls(fileName: string): TCall[] {
  const text = fs.readFileSync(fileName, 'utf8');
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const name = importedT(file, fileName);
  if (!name) {
    return [];
  }
  const calls: TCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      calls.push(checkCall(node, `${path.relative(REPO, fileName)}:${line + 1}`));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return calls;
}

describe('l10n: every t(…) call in src is one literal message with matching placeholders', () => {
  const calls = sourceFiles(SRC).flatMap(tCalls);

  it('finds the calls in the modules that use t', () => {
    const files = new Set(calls.map((call) => call.where.split(':')[0]));
    for (const expected of ['src/api/failures.ts', 'src/imaging/messages.ts', 'src/options/pickItems.ts', 'src/options/summary.ts']) {
      assert.ok(files.has(expected), `no t calls found in ${expected}`);
    }
  });

  it('has no call that a translation bundle could not serve', () => {
    const problems = calls.filter((call) => call.problem).map((call) => `${call.where}: ${call.problem}`);
    assert.deepEqual(problems, []);
  });

  it('would flag a message built in code, a missing argument and an unused one', () => {
    const file = ts.createSourceFile(
      'probe.ts',
      "t(`${name} is empty`); t('{0} of {1}', a); t('{0}', a, b); t(prefix + 'x'); t({ message: '{0}', args: [a] });",
      ts.ScriptTarget.ES2022,
      true,
    );
    const problems = file.statements.map((statement) =>
      checkCall((statement as ts.ExpressionStatement).expression as ts.CallExpression, 'probe').problem,
    );
    assert.deepEqual(
      problems.map((problem) => problem?.split(' ').slice(0, 3).join(' ')),
      ['the message must', 'placeholder {1} has', 'argument 1 is', 'the message must', 'the options form'],
    );
  });
});
