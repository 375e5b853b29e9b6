#!/usr/bin/env node
// `npm start`: try the extension in the real VS Code (code-server) against the local emulator of
// the 1min.ai API, from a fresh clone after `npm ci`. Installs the harness when missing, builds,
// starts the emulator and VS Code on 127.0.0.1 only with a fresh profile and a sample workspace,
// prints the address to open, and ends everything it started on Ctrl-C.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installedMarker, repoRoot } from './paths.mjs';

const require = createRequire(import.meta.url);
const SAMPLE_WORKSPACE = path.join(repoRoot, 'test', 'fixtures', 'sample-workspace');
/**
 * In the sample workspace: what to do first, that no key is needed, where results go. Named
 * README.md because `workbench.startupEditor: readme` is what opens a file as rendered Markdown
 * on the first screen (a file passed in the URL opens before the Markdown preview exists, as source).
 */
const WELCOME_FILE = 'README.md';
const LOG_DIR = path.join(repoRoot, 'test-results', 'start');
const EMULATOR_CLI = path.join(repoRoot, 'out', 'test', 'emulator', 'cli.js');
const COMPILED_HARNESS = path.join(repoRoot, 'out', 'test', 'harness');
// Long enough to see the gallery's states go by, short enough not to bore.
const EMULATED_GENERATION_MS = 4000;
const EMULATED_DOWNLOAD_MS = 300;
const EMULATOR_START_LIMIT_MS = 30_000;

function say(message) {
  console.log(`[start] ${message}`);
}

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function npmRun(script) {
  say(`npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    fail(`npm could not start: ${result.error.message}`);
  }
  return result.status === 0;
}

function ensureHarness() {
  if (fs.existsSync(installedMarker())) {
    return;
  }
  say('The real VS Code (code-server) is not installed yet: installing it once (about two minutes).');
  if (!npmRun('harness:install')) {
    fail('The harness could not be installed; see the messages above.');
  }
}

function build() {
  if (!npmRun('build')) {
    fail('The extension did not build; see the messages above.');
  }
  // A type error in some test must not keep anyone from trying the extension, as long as the
  // emulator and the harness themselves were emitted.
  const testsBuilt = npmRun('build:tests');
  const needed = [EMULATOR_CLI, path.join(COMPILED_HARNESS, 'codeServer.js'), path.join(COMPILED_HARNESS, 'processGroup.js')];
  const missing = needed.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    fail(`The emulator or the harness did not build (${missing.map((file) => path.relative(repoRoot, file)).join(', ')}).`);
  }
  if (!testsBuilt) {
    say('The tests\' build reported errors (above); the emulator and the harness were built, so carrying on.');
  }
}

/** Starts the emulator CLI in its own process group and resolves with its JSON line. */
function startEmulator(spawnGroup, apiKey) {
  return new Promise((resolve, reject) => {
    let pending = '';
    let emulator;
    const timer = setTimeout(() => reject(new Error('the emulator did not report its address in time')), EMULATOR_START_LIMIT_MS);
    const onOutput = (text) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{')) {
          clearTimeout(timer);
          resolve({ process: emulator, ...JSON.parse(line) });
        } else if (line.trim() !== '') {
          console.log(line.startsWith('[emulator]') ? line : `[emulator] ${line}`);
        }
      }
    };
    emulator = spawnGroup(
      process.execPath,
      [
        EMULATOR_CLI,
        '--port', '0',
        '--asset-port', '0',
        '--key', apiKey,
        '--generation-ms', String(EMULATED_GENERATION_MS),
        '--download-ms', String(EMULATED_DOWNLOAD_MS),
      ],
      { cwd: repoRoot, logFile: path.join(LOG_DIR, 'emulator.log'), onOutput },
    );
    emulator.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}); see ${path.join(LOG_DIR, 'emulator.log')}`));
    });
  });
}

function printWelcome(url, emulator) {
  const rule = '─'.repeat(78);
  console.log(`
${rule}
 Flux Redux Variations in the real VS Code ${'(code-server, 127.0.0.1 only)'}

 Open this address in a browser:

   ${url}

 LOCAL EMULATOR, NOT THE REAL MODEL: the API at ${emulator.apiBaseUrl} is a stand-in
 for 1min.ai on this machine. Its "variations" are crops and colour shifts of your image, marked
 EMULATOR; nothing is sent anywhere and no key of your own is needed (VS Code has the emulator's
 key in ONEMIN_AI_API_KEY).

 ${WELCOME_FILE} opens first. Right-click an image in the Explorer → "Create Variations with
 Flux Redux…".
 Logs: ${path.relative(repoRoot, LOG_DIR)}/      Press Ctrl-C to stop everything.
${rule}
`);
}

async function main() {
  ensureHarness();
  build();
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });

  // Compiled by build(); imported only now because a fresh clone has no out/ yet.
  const { spawnGroup } = require(path.join(COMPILED_HARNESS, 'processGroup.js'));
  const { startCodeServer, workbenchUrl } = require(path.join(COMPILED_HARNESS, 'codeServer.js'));

  let tempRoot;
  // processGroup's own signal handler kills every group it started and exits; this one runs
  // first to say so, and the exit hook removes the fresh profile and workspace copy.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.prependListener(signal, () => say(`${signal}: stopping VS Code and the emulator.`));
  }
  process.on('exit', () => {
    if (tempRoot) {
      fs.rmSync(tempRoot, { recursive: true, force: true, maxRetries: 3 });
    }
  });

  const apiKey = `emulator-${randomBytes(8).toString('hex')}`;
  const emulator = await startEmulator(spawnGroup, apiKey);
  say(`Emulator of the 1min.ai API on ${emulator.apiBaseUrl} (local, not the real model).`);

  say('Starting the real VS Code (code-server)…');
  const server = await startCodeServer({
    userSettings: {
      'fluxRedux.apiBaseUrl': emulator.apiBaseUrl,
      'fluxRedux.assetBaseUrls': emulator.assetBaseUrls,
      // The first screen says what to do (see WELCOME_FILE).
      'workbench.startupEditor': 'readme',
    },
    env: { ONEMIN_AI_API_KEY: emulator.apiKey },
    workspaceFixture: SAMPLE_WORKSPACE,
    logDir: LOG_DIR,
    label: 'start',
  });
  tempRoot = server.dirs.root;
  printWelcome(workbenchUrl(server, { extensionDevelopmentPath: repoRoot, showStartupEditor: true }), emulator);

  // Either child ending on its own leaves the session half-working: end the rest too.
  const ended = await Promise.race([
    server.process.exited.then((code) => `VS Code (code-server) exited (${code})`),
    emulator.process.exited.then((code) => `the emulator exited (${code})`),
  ]);
  say(`${ended}; stopping. Logs are in ${path.relative(repoRoot, LOG_DIR)}/.`);
  await server.stop();
  await emulator.process.stop();
  process.exit(1);
}

main().catch((error) => {
  fail(error instanceof Error ? error.message : String(error));
});
