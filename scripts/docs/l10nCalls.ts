/**
 * Finds every message the extension hands to a translator, by reading the sources with
 * TypeScript's parser (nothing is run): each `vscode.l10n.t(…)` on the host side and each
 * `l10n.t(…)` of `@vscode/l10n` in the plain modules. The bundle itself is extracted by
 * `@vscode/l10n-dev` (l10nBundle.ts); this check adds what that extractor does not: it reports a
 * message built in code or placeholders that do not match their arguments, instead of leaving
 * them out silently (test/unit/l10n-literals.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SRC = path.join(REPO, 'src');
/** `@vscode/l10n`'s `t` in the plain modules, or VS Code's own `l10n.t` on the host side. */
export type Translator = 'l10n.t' | 'vscode.l10n.t';

export interface MessageCall {
  /** `src/api/client.ts:123` */
  where: string;
  via: Translator;
  /** Undefined when the call has a problem that leaves no message to look up. */
  message?: string;
  /** The translator's comment, as VS Code keys it: a single string counts as a one-line array. */
  comment?: string[];
  problem?: string;
}

/** The host's sources. The webview (src/webview) gets its words from the host, already translated. */
export function sourceFiles(dir: string = SRC): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === 'webview' ? [] : sourceFiles(full);
      }
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

/**
 * How a file names the two translators: the namespaces `vscode` is imported as (`vscode.l10n.t`),
 * the local names of `l10n` imported from 'vscode' (`l10n.t`), and the namespaces
 * `@vscode/l10n` is imported as (`l10n.t`).
 */
interface TranslatorNames {
  vscodeNamespaces: Set<string>;
  l10nNames: Set<string>;
  packageNamespaces: Set<string>;
}

function translatorNames(file: ts.SourceFile): TranslatorNames {
  const names: TranslatorNames = { vscodeNamespaces: new Set(), l10nNames: new Set(), packageNamespaces: new Set() };
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) {
      continue;
    }
    const specifier = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings) {
      continue;
    }
    const imported = (name: string): string | undefined =>
      ts.isNamedImports(bindings)
        ? bindings.elements.find((element) => (element.propertyName ?? element.name).text === name)?.name.text
        : undefined;
    if (specifier === 'vscode') {
      if (ts.isNamespaceImport(bindings)) {
        names.vscodeNamespaces.add(bindings.name.text);
      }
      const l10n = imported('l10n');
      if (l10n) {
        names.l10nNames.add(l10n);
      }
    } else if (specifier === '@vscode/l10n' && ts.isNamespaceImport(bindings)) {
      names.packageNamespaces.add(bindings.name.text);
    }
  }
  return names;
}

/** Which translator a call goes to, if any. */
function translatorOf(callee: ts.Expression, names: TranslatorNames): Translator | undefined {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') {
    return undefined;
  }
  const owner = callee.expression;
  if (ts.isIdentifier(owner)) {
    if (names.packageNamespaces.has(owner.text)) {
      return 'l10n.t';
    }
    return names.l10nNames.has(owner.text) ? 'vscode.l10n.t' : undefined;
  }
  const isVscodeL10n =
    ts.isPropertyAccessExpression(owner) &&
    owner.name.text === 'l10n' &&
    ts.isIdentifier(owner.expression) &&
    names.vscodeNamespaces.has(owner.expression.text);
  return isVscodeL10n ? 'vscode.l10n.t' : undefined;
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

/** A comment written out as a string literal or an array of them; undefined for anything else. */
function literalComment(node: ts.Expression): string[] | undefined {
  const single = literalText(node);
  if (single !== undefined) {
    return [single];
  }
  if (!ts.isArrayLiteralExpression(node)) {
    return undefined;
  }
  const lines = node.elements.map(literalText);
  return lines.every((line): line is string => line !== undefined) ? lines : undefined;
}

/**
 * Checks one call the way a translation bundle needs it: the message (and comment) are literals,
 * so they can be found and looked up as written. Placeholders must match the arguments given,
 * except in a `vscode.l10n.t` call given no arguments at all: such a template is returned
 * unfilled (the gallery's words are filled in by the webview).
 */
export function checkCall(call: ts.CallExpression, where: string, via: Translator = 'l10n.t'): MessageCall {
  const [first, ...rest] = call.arguments;
  const placeholdersChecked = (count: number, names: readonly string[] | undefined): boolean =>
    via === 'l10n.t' || count > 0 || names !== undefined;
  const message = literalText(first);
  if (message !== undefined) {
    const namedArgs = rest.length === 1 && ts.isObjectLiteralExpression(rest[0]) ? rest[0] : undefined;
    const names = namedArgs?.properties.map((property) => property.name?.getText() ?? '?');
    const problem = placeholdersChecked(rest.length, names) ? placeholderProblem(message, rest.length, names) : undefined;
    return { where, via, message, problem };
  }
  if (first && ts.isObjectLiteralExpression(first)) {
    const property = (name: string) =>
      first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
    const optionMessage = literalText(property('message'));
    if (optionMessage === undefined) {
      return { where, via, problem: 'the options form needs a string literal `message`' };
    }
    const commentNode = property('comment');
    if (!commentNode) {
      return { where, via, problem: 'the options form is for a comment: give one' };
    }
    const comment = literalComment(commentNode);
    if (comment === undefined) {
      return { where, via, problem: 'the comment must be written out as a string literal or an array of them (it is part of the key)' };
    }
    const args = property('args');
    if (args && !ts.isArrayLiteralExpression(args) && !ts.isObjectLiteralExpression(args)) {
      return { where, via, problem: '`args` must be written out as an array or object literal' };
    }
    const names = args && ts.isObjectLiteralExpression(args) ? args.properties.map((p) => p.name?.getText() ?? '?') : undefined;
    const count = args && ts.isArrayLiteralExpression(args) ? args.elements.length : 0;
    const problem = placeholdersChecked(count, names) ? placeholderProblem(optionMessage, count, names) : undefined;
    return { where, via, message: optionMessage, comment, problem };
  }
  return { where, via, problem: 'the message must be a string literal (a whole sentence with placeholders), not built in code' };
}

/** The calls in one file's text; `fileName` places it, so that its imports can be resolved. */
export function messageCallsInText(fileName: string, text: string): MessageCall[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const names = translatorNames(file);
  if (names.packageNamespaces.size === 0 && names.vscodeNamespaces.size === 0 && names.l10nNames.size === 0) {
    return [];
  }
  const calls: MessageCall[] = [];
  const visit = (node: ts.Node): void => {
    const via = ts.isCallExpression(node) ? translatorOf(node.expression, names) : undefined;
    if (via && ts.isCallExpression(node)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      calls.push(checkCall(node, `${path.relative(REPO, fileName).split(path.sep).join('/')}:${line + 1}`, via));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return calls;
}

export function messageCalls(fileName: string): MessageCall[] {
  return messageCallsInText(fileName, fs.readFileSync(fileName, 'utf8'));
}

/**
 * The key VS Code looks a message up by: the message itself, or with a comment
 * `message/comment lines joined with nothing` (as `@vscode/l10n-dev export` writes it).
 */
export function bundleKey(message: string, comment: readonly string[] | undefined): string {
  return comment && comment.length > 0 ? `${message}/${comment.join('')}` : message;
}
