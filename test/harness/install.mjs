#!/usr/bin/env node
// Installs what the real-VS-Code harness needs, from Debian and the npm registry only:
// Debian's chromium / libkrb5-dev / ripgrep, then code-server (VS Code's server + web workbench)
// into the git-ignored cache .harness/. Idempotent: a complete earlier install is reused.
//
// code-server is not installed with a plain `npm install` because its postinstall refuses to run
// as root and @vscode/ripgrep's postinstall downloads from GitHub; the steps below do by hand
// what those scripts would have done (see shared/reference/real-vscode-offline.md).
//
// The terminal shows one line per step; each command's output goes to .harness/install.log, and
// only a step that really fails shows the log's last lines (see installLog.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InstallLog, StepFailure } from './installLog.mjs';
import { CODE_SERVER_VERSION, codeServerDir, harnessCacheDir, nativeModules, installedMarker } from './paths.mjs';

const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'libimage-exiftool-perl'];

function isDebianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Runs apt-get as root directly, or through passwordless sudo; undefined when neither is possible. */
function aptRunner(log) {
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    return (args) => log.run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const sudoWorks = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (sudoWorks) {
    return (args) => log.run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
  }
  return undefined;
}

/** Installs what is missing; says which packages it installed. */
function ensureDebianPackages(log, missing) {
  const apt = aptRunner(log);
  if (!apt) {
    throw new StepFailure(
      `Debian packages missing (${missing.join(', ')}) and this user is neither root nor allowed ` +
        `passwordless sudo. Install them as root: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
  if (apt(['update']) !== 0) {
    throw new StepFailure('apt-get update failed (is the Debian mirror reachable?)');
  }
  if (apt(['install', '-y', ...missing]) !== 0) {
    throw new StepFailure(`apt-get install ${missing.join(' ')} failed`);
  }
  const stillMissing = missing.filter((name) => !isDebianPackageInstalled(name));
  if (stillMissing.length > 0) {
    throw new StepFailure(`apt-get reported success but these are still missing: ${stillMissing.join(', ')}`);
  }
}

function findNodeFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.node')) {
      found.push(path.join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  return found;
}

/**
 * What is wrong with the native modules: each needs a .node file and must load in this Node
 * (a file built for another ABI or libc would exist and still fail to load).
 */
function nativeModuleProblems(packageDir) {
  const problems = [];
  for (const { from, name } of nativeModules(packageDir)) {
    const moduleDir = path.join(from, 'node_modules', name);
    if (!fs.existsSync(moduleDir)) {
      problems.push(`${name}: not installed in ${from}`);
      continue;
    }
    if (findNodeFiles(moduleDir).length === 0 && !hasPrebuiltSibling(from, name)) {
      problems.push(`${name}: no .node file under ${moduleDir}`);
      continue;
    }
    const loaded = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { cwd: from, encoding: 'utf8' });
    if (loaded.status !== 0) {
      problems.push(`${name}: does not load: ${loaded.stderr.split('\n').find((line) => /Error/.test(line)) ?? loaded.stderr.trim()}`);
    }
  }
  return problems;
}

/** @parcel/watcher ships its binary in a per-platform package (@parcel/watcher-linux-x64-glibc). */
function hasPrebuiltSibling(from, name) {
  const scopeDir = path.join(from, 'node_modules', path.dirname(name));
  const base = path.basename(name);
  if (!name.startsWith('@') || !fs.existsSync(scopeDir)) {
    return false;
  }
  return fs
    .readdirSync(scopeDir)
    .filter((entry) => entry.startsWith(`${base}-${process.platform}-${process.arch}`))
    .some((entry) => findNodeFiles(path.join(scopeDir, entry)).length > 0);
}

function isCodeServerComplete() {
  return fs.existsSync(installedMarker()) && nativeModuleProblems(path.join(codeServerDir(), 'package')).length === 0;
}

function symlinkFresh(target, linkPath) {
  fs.rmSync(linkPath, { force: true, recursive: true });
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.symlinkSync(target, linkPath);
}

// npm settings of the enclosing `npm run` (omit, prefix, ...) must not leak into the nested installs.
function cleanNpmEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) {
      env[key] = value;
    }
  }
  return env;
}

function installCodeServer(log) {
  for (const stale of fs.readdirSync(harnessCacheDir()).filter((name) => name.startsWith('staging-'))) {
    fs.rmSync(path.join(harnessCacheDir(), stale), { recursive: true, force: true });
  }
  const staging = path.join(harnessCacheDir(), `staging-${process.pid}`);
  fs.mkdirSync(staging, { recursive: true });
  const env = cleanNpmEnv();
  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  // On failure the staging folder is kept for a look; the next run removes it.
  const pkg = path.join(staging, 'package');
  const vscodeDir = path.join(pkg, 'lib', 'vscode');
  log.step(`downloading code-server ${CODE_SERVER_VERSION} from the npm registry`, () => {
    log.mustRun('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], { cwd: staging, env });
    const tarball = fs.readdirSync(staging).find((name) => name.endsWith('.tgz'));
    if (!tarball) {
      throw new StepFailure('npm pack produced no tarball');
    }
    log.mustRun('tar', ['-xzf', tarball], { cwd: staging });
    fs.rmSync(path.join(staging, tarball));
  });

  const dependencies = [
    [pkg, "code-server's dependencies"],
    [vscodeDir, "VS Code's dependencies"],
    [path.join(vscodeDir, 'extensions'), "the built-in extensions' dependencies"],
  ];
  for (const [dir, what] of dependencies) {
    log.step(`installing ${what}`, () => log.mustRun('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], { cwd: dir, env }));
  }

  const natives = nativeModules(pkg);
  log.step(`building the native modules (${natives.map(({ name }) => name).join(', ')})`, () => {
    // Scripts were skipped above, so the native addons still need building; node-pty's own
    // post-build step can exit non-zero (with a screenful of `npm error`) after pty.node is
    // built, so the files decide, not the status. One module per rebuild, so that one failing
    // script cannot stop the others being built.
    for (const { from, name } of natives) {
      if (log.run('npm', ['rebuild', name, ...npmQuiet], { cwd: from, env }) !== 0) {
        log.note(`(${name}: the status alone decides nothing; its .node file is checked below)`);
      }
    }
    const problems = nativeModuleProblems(pkg);
    if (problems.length > 0) {
      throw new StepFailure(`native modules not usable after rebuild (staging kept in ${staging}):\n  ${problems.join('\n  ')}`);
    }
    log.note('every native module has its .node file and loads');
  });

  log.step('linking ripgrep and putting code-server in place', () => {
    const rgTarget = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    fs.mkdirSync(path.dirname(rgTarget), { recursive: true });
    fs.copyFileSync(execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim(), rgTarget);
    fs.chmodSync(rgTarget, 0o755);

    symlinkFresh('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    symlinkFresh('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlinkFresh('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

    fs.rmSync(codeServerDir(), { recursive: true, force: true });
    fs.renameSync(staging, codeServerDir());
    // Written last: its presence means every step above finished.
    fs.writeFileSync(installedMarker(), `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
  });
}

function main() {
  const started = Date.now();
  fs.mkdirSync(harnessCacheDir(), { recursive: true });
  const log = new InstallLog(path.join(harnessCacheDir(), 'install.log'));
  const missing = DEBIAN_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) {
    log.say(`Debian packages present: ${DEBIAN_PACKAGES.join(', ')}`);
  } else {
    log.step(`installing Debian packages ${missing.join(', ')} (apt-get)`, () => ensureDebianPackages(log, missing));
  }
  if (isCodeServerComplete()) {
    log.say(`code-server ${CODE_SERVER_VERSION} already installed in ${codeServerDir()} (reused)`);
    return;
  }
  log.say(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir()} (a minute or two; details in ${log.file})`);
  installCodeServer(log);
  log.say(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

main();
