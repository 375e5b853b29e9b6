// Where install.mjs puts code-server. The TypeScript harness (test/harness/paths.ts) reads the
// same code-server.json, so the version lives in one place.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const CODE_SERVER_VERSION = JSON.parse(fs.readFileSync(path.join(here, 'code-server.json'), 'utf8')).version;

/** `.harness/` in the repository, or FLUX_HARNESS_DIR (e.g. to try an install without touching it). */
export function harnessCacheDir() {
  return process.env.FLUX_HARNESS_DIR ? path.resolve(process.env.FLUX_HARNESS_DIR) : path.join(repoRoot, '.harness');
}

export function codeServerDir() {
  return path.join(harnessCacheDir(), `code-server-${CODE_SERVER_VERSION}`);
}

export function installedMarker() {
  return path.join(codeServerDir(), 'INSTALLED');
}

/**
 * The native modules whose builds --ignore-scripts skipped, by the folder they are required from;
 * code-server cannot start without them.
 */
export function nativeModules(packageDir) {
  return [
    { from: packageDir, name: 'argon2' },
    ...['kerberos', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', 'node-pty'].map((name) => ({
      from: path.join(packageDir, 'lib', 'vscode'),
      name,
    })),
  ];
}
