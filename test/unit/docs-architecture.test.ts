import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Backticked words that name a file or folder of the repository (build outputs are made, not kept). */
export function namedPaths(markdown: string): string[] {
  const named = new Set<string>();
  for (const [, code] of markdown.matchAll(/`([^`\s]+)`/g)) {
    const isRepoPath = /^(src|test|scripts|media|l10n)\//.test(code) || /^[\w.-]+\.(json|js|mjs|md)$/.test(code);
    if (isRepoPath && !code.startsWith('media/build/')) {
      named.add(code.replace(/\/$/, ''));
    }
  }
  return [...named];
}

describe('ARCHITECTURE.md', () => {
  const page = fs.readFileSync(path.join(repoRoot, 'ARCHITECTURE.md'), 'utf8');

  it('picks out the paths a page names, and only those', () => {
    assert.deepEqual(namedPaths('see `src/a.ts`, `test/`, `package.json`, `npm test`, `default-src`, `media/build/x.js`'), [
      'src/a.ts',
      'test',
      'package.json',
    ]);
  });

  it('names only paths that exist', () => {
    const paths = namedPaths(page);
    assert.ok(paths.length > 40, `expected the page to name the modules it describes, found ${paths.length}`);
    const missing = paths.filter((p) => !fs.existsSync(path.join(repoRoot, p)));
    assert.deepEqual(missing, [], 'ARCHITECTURE.md names paths that do not exist');
  });
});
