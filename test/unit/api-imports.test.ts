import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const apiFolder = path.join(repoRoot, 'src', 'api');

/** Every module specifier a source file imports or re-exports from. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((match) => match[1]);
}

describe('api: what the client depends on', () => {
  const files = fs.readdirSync(apiFolder).filter((name) => name.endsWith('.ts'));

  it('finds the modules and their imports', () => {
    assert.ok(files.includes('client.ts'), files.join(', '));
    assert.ok(importsOf(fs.readFileSync(path.join(apiFolder, 'client.ts'), 'utf8')).includes('./apiCall'));
  });

  it('imports nothing of the webview protocol, and no vscode', () => {
    const offending = files.flatMap((name) =>
      importsOf(fs.readFileSync(path.join(apiFolder, name), 'utf8'))
        .filter((specifier) => specifier === 'vscode' || /(^|\/)shared\/protocol$/.test(specifier))
        .map((specifier) => `${name} imports ${specifier}`),
    );
    assert.deepEqual(offending, []);
  });
});
