/**
 * Packs the extension once per test process the way a release does (`npm run package`, written
 * to a temp folder so the repository's own VSIX is left alone), for every package test to share.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../harness/paths';
import { listZipEntries, type ZipEntry } from './zipEntries';

export interface PackedVsix {
  file: string;
  zip: Buffer;
  entries: ZipEntry[];
  /** Everything `npm run package` printed, stdout and stderr together. */
  output: string;
}

function runPackageScript(outFile: string): Promise<{ output: string; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    // stdin closed: any question vsce asks fails the run instead of waiting for an answer.
    const child = spawn('npm', ['run', 'package', '--', '--out', outFile], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve({ output, exitCode }));
  });
}

async function pack(): Promise<PackedVsix> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-vsix-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'flux-redux-variations.vsix');
  const { output, exitCode } = await runPackageScript(file);
  if (exitCode !== 0 || !fs.existsSync(file)) {
    throw new Error(`npm run package failed (${String(exitCode)}):\n${output}`);
  }
  const zip = fs.readFileSync(file);
  return { file, zip, entries: listZipEntries(zip), output };
}

let packing: Promise<PackedVsix> | undefined;

export function packVsixOnce(): Promise<PackedVsix> {
  packing ??= pack();
  return packing;
}
