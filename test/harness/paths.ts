/**
 * Where things are, for the harness code compiled into out/test/harness/ and for tests that use it.
 * Everything is found from the repository root, so it works from src and from out alike.
 */
import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'flux-redux-variations';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const name = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      if (name === PACKAGE_NAME) {
        return dir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Could not find the ${PACKAGE_NAME} repository above ${start}`);
    }
    dir = parent;
  }
}

export const repoRoot: string = findRepoRoot(__dirname);

export const CHROMIUM_PATH = process.env.FLUX_HARNESS_CHROMIUM ?? '/usr/bin/chromium';

export function codeServerVersion(): string {
  const file = path.join(repoRoot, 'test', 'harness', 'code-server.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Where install.mjs puts code-server: `.harness/`, or FLUX_HARNESS_DIR as in paths.mjs. */
export function harnessCacheDir(): string {
  return process.env.FLUX_HARNESS_DIR ? path.resolve(process.env.FLUX_HARNESS_DIR) : path.join(repoRoot, '.harness');
}

export function codeServerDir(): string {
  return path.join(harnessCacheDir(), `code-server-${codeServerVersion()}`);
}

/** code-server's own entry: with 4.100.3 it honours the workbench URL's `payload`. */
export function codeServerEntry(): string {
  return path.join(codeServerDir(), 'package', 'out', 'node', 'entry.js');
}

/** install.mjs writes this file last, so its presence means a complete install. */
export function codeServerInstalledMarker(): string {
  return path.join(codeServerDir(), 'INSTALLED');
}

export function testResultsDir(...parts: string[]): string {
  return path.join(repoRoot, 'test-results', ...parts);
}

/** The workspace that tests open; each run gets a fresh copy of it. */
export const FIXTURE_WORKSPACE = path.join(repoRoot, 'test', 'fixtures', 'workspace');

/** The extension under test. An override lets the self-test load the deliberately broken one. */
export function extensionUnderTest(): string {
  const override = process.env.FLUX_HARNESS_EXTENSION_PATH;
  return override ? path.resolve(repoRoot, override) : repoRoot;
}

export const BROKEN_EXTENSION = path.join(repoRoot, 'test', 'fixtures', 'broken-extension');
