import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const srcRoot = path.join(repoRoot, 'src');

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(folder = srcRoot): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return entry.name.endsWith('.ts') ? [path.relative(srcRoot, full).split(path.sep).join('/')] : [];
  });
}

/** Static imports and re-exports (type-only ones too), side-effect imports, import() and require(). */
function specifiersOf(source: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'/gm,
    /^\s*import\s*'([^']+)'/gm,
    /\bimport\(\s*'([^']+)'\s*\)/g,
    /\brequire\(\s*'([^']+)'\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

interface Import {
  file: string;
  specifier: string;
  /** For a relative specifier: where it lands, relative to src/ (e.g. `webview/strings`). */
  target?: string;
}

function importsOf(file: string): Import[] {
  const source = fs.readFileSync(path.join(srcRoot, file), 'utf8');
  return specifiersOf(source).map((specifier) =>
    specifier.startsWith('.') ? { file, specifier, target: path.posix.join(path.posix.dirname(file), specifier) } : { file, specifier },
  );
}

const isIn = (folder: string, target: string | undefined): boolean => target !== undefined && (target === folder || target.startsWith(`${folder}/`));
const describeImport = (found: Import): string => `${found.file} imports ${found.specifier}`;
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

describe('src layers: who may import whom', () => {
  const files = sourceFiles();
  const all = files.flatMap(importsOf);

  it('reads every source file and resolves relative imports', () => {
    assert.ok(files.includes('extension.ts') && files.includes('shared/guards.ts') && files.includes('webview/main.ts'), files.join(', '));
    assert.ok(
      all.some((found) => found.file === 'webview/words.ts' && found.target === 'shared/galleryStrings'),
      'webview/words.ts imports ../shared/galleryStrings',
    );
    assert.ok(all.some((found) => found.file === 'extension.ts' && found.specifier === 'vscode'));
  });

  it('keeps the host out of src/webview: what both sides need lives in src/shared', () => {
    const offending = all.filter((found) => !isIn('webview', found.file) && isIn('webview', found.target));
    assert.deepEqual(offending.map(describeImport), []);
  });

  it('keeps src/shared plain: no vscode, no Node, nothing from other src folders', () => {
    const offending = all.filter(
      (found) =>
        isIn('shared', found.file) &&
        (found.specifier === 'vscode' || nodeBuiltins.has(found.specifier) || (found.target !== undefined && !isIn('shared', found.target))),
    );
    assert.deepEqual(offending.map(describeImport), []);
  });

  it('type-checks src/shared without the DOM on the host side and without Node on the webview side', () => {
    // The DOM is not imported but used as globals, so the compilers guard it: the host's
    // tsconfig (no DOM lib) and the webview's (no Node types) both compile every shared file.
    const readConfig = (file: string) =>
      JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as {
        compilerOptions: { lib: string[]; types: string[] };
        include: string[];
        exclude?: string[];
      };
    const host = readConfig('tsconfig.json');
    assert.ok(!host.compilerOptions.lib.some((lib) => lib.toLowerCase().startsWith('dom')), `host lib: ${host.compilerOptions.lib.join(', ')}`);
    assert.ok(host.include.includes('src/**/*.ts'));
    assert.ok(!(host.exclude ?? []).some((pattern) => pattern.startsWith('src/shared')), `host exclude: ${(host.exclude ?? []).join(', ')}`);
    const webview = readConfig('src/webview/tsconfig.json');
    assert.deepEqual(webview.compilerOptions.types, []);
    assert.ok(webview.include.includes('../shared/**/*.ts'), `webview include: ${webview.include.join(', ')}`);
  });
});
