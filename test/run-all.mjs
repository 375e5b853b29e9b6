#!/usr/bin/env node
// `npm test`: type checks, lint, builds, then every suite (unit in Node; integration inside the real
// VS Code extension host; e2e and webview tests in Chromium), then the harness's self-test
// against a deliberately broken extension. Each suite runs as its own process group with a
// time limit, writes a JSON summary, and the totals end the output as "N passed, N failed".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const summariesDir = path.join(repoRoot, 'test-results', 'summaries');
const MOCHA = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const REPORTER = path.join(repoRoot, 'out', 'test', 'harness', 'summaryReporter.js');
const RUN_INTEGRATION = path.join(repoRoot, 'out', 'test', 'harness', 'runIntegration.js');
const BROKEN_EXTENSION = path.join('test', 'fixtures', 'broken-extension');
const MINUTE = 60_000;

const totals = { passed: 0, failed: 0 };
/** Every failure, by suite, repeated at the end so nobody has to scroll for it. */
const failureList = [];

function heading(text) {
  console.log(`\n=== ${text} ===`);
}

function recordFailure(suite, title, detail) {
  totals.failed += 1;
  failureList.push({ suite, title, detail });
}

/**
 * Runs a command in its own process group with output passed through. Past `timeLimitMs` the
 * whole group gets SIGTERM, then SIGKILL, so a hang ends as a failure rather than a stuck run.
 */
function runProcess(command, args, { timeLimitMs, env = {} }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: 'inherit',
      detached: true,
    });
    let timedOut = false;
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`[run-all] ${path.basename(command)} ${args.join(' ')} exceeded ${Math.round(timeLimitMs / 1000)} s: stopping it`);
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 10_000).unref();
    }, timeLimitMs);
    const onSignal = () => kill('SIGKILL');
    process.once('exit', onSignal);
    child.once('error', (error) => {
      clearTimeout(timer);
      process.removeListener('exit', onSignal);
      resolve({ code: 127, timedOut, error: error.message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', onSignal);
      // Whatever the leader left behind in its group goes too.
      kill('SIGKILL');
      resolve({ code: code ?? (signal ? 128 : 1), timedOut });
    });
  });
}

function npmRun(script, timeLimitMs) {
  return runProcess('npm', ['run', '--silent', script], { timeLimitMs });
}

/** A build or check step: it adds a failure when it fails and nothing when it passes. */
async function step(name, script, timeLimitMs) {
  heading(name);
  const result = await npmRun(script, timeLimitMs);
  if (result.code !== 0) {
    const why = result.timedOut ? `did not finish within ${Math.round(timeLimitMs / 1000)} s` : `exited with ${result.code}`;
    recordFailure(name, `npm run ${script}`, why);
    return false;
  }
  return true;
}

function readSummary(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function summaryFile(name) {
  const file = path.join(summariesDir, `${name}.json`);
  fs.rmSync(file, { force: true });
  return file;
}

/** Adds up a suite from its summary; a suite that did not report, or whose exit disagrees, fails. */
function countSuite(name, result, summary, timeLimitMs) {
  if (result.timedOut) {
    recordFailure(name, 'suite time limit', `did not finish within ${Math.round(timeLimitMs / 1000)} s; killed`);
  }
  if (!summary) {
    if (!result.timedOut) {
      recordFailure(name, 'suite could not start', `exited with ${result.code}${result.error ? ` (${result.error})` : ''} and reported nothing`);
    }
    return;
  }
  totals.passed += summary.passed;
  for (const failure of summary.failures) {
    recordFailure(name, failure.title, failure.error);
  }
  // Failures counted by the suite but not itemised (should not happen) still count.
  for (let extra = summary.failures.length; extra < summary.failed; extra += 1) {
    recordFailure(name, '(unnamed failure)', '');
  }
  if (summary.problem) {
    recordFailure(name, 'suite problem', summary.problem);
  } else if (result.code !== 0 && summary.failed === 0 && !result.timedOut) {
    recordFailure(name, 'suite exit code', `exited with ${result.code} although no test failed`);
  }
}

function findFiles(dir, suffix) {
  const root = path.join(repoRoot, dir);
  if (!fs.existsSync(root)) {
    return [];
  }
  return fs
    .readdirSync(root, { recursive: true })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(dir, name))
    .sort();
}

async function mochaSuite(name, files, { timeLimitMs, extraArgs = [], env = {} }) {
  heading(name);
  const file = summaryFile(name);
  const result = await runProcess(process.execPath, [MOCHA, '--reporter', REPORTER, ...extraArgs, ...files], {
    timeLimitMs,
    env: { ...env, FLUX_SUITE_SUMMARY: file },
  });
  return { result, summary: readSummary(file) };
}

async function unitSuite() {
  const name = 'unit';
  const files = findFiles('out/test/unit', '.test.js');
  if (files.length === 0) {
    heading(name);
    recordFailure(name, 'suite could not start', 'no out/test/unit/**/*.test.js files (did build:tests run?)');
    return;
  }
  const timeLimitMs = 5 * MINUTE;
  const { result, summary } = await mochaSuite(name, [], {
    timeLimitMs,
    extraArgs: ['--config', path.join('test', 'unit', '.mocharc.json')],
  });
  countSuite(name, result, summary, timeLimitMs);
}

async function integrationRun(name, extraArgs, timeLimitSeconds) {
  heading(name);
  const file = summaryFile(name);
  // The outer limit leaves the harness time to stop code-server and Chromium after its own.
  const timeLimitMs = (timeLimitSeconds + 60) * 1000;
  const result = await runProcess(
    process.execPath,
    [RUN_INTEGRATION, '--label', name, '--time-limit-seconds', String(timeLimitSeconds), ...extraArgs],
    { timeLimitMs, env: { FLUX_SUITE_SUMMARY: file } },
  );
  return { result, summary: readSummary(file), timeLimitMs };
}

async function integrationSuite() {
  const name = 'integration';
  const { result, summary, timeLimitMs } = await integrationRun(name, [], 8 * 60);
  countSuite(name, result, summary, timeLimitMs);
  // The same harness, with no folder open in the window.
  const empty = 'integration-empty';
  const emptyRun = await integrationRun(empty, ['--suite', 'integration-empty', '--empty-window'], 3 * 60);
  countSuite(empty, emptyRun.result, emptyRun.summary, emptyRun.timeLimitMs);
}

async function e2eSuite() {
  const name = 'e2e';
  const files = [...findFiles('out/test/e2e', '.test.js'), ...findFiles('out/test/webview', '.test.js')];
  if (files.length === 0) {
    heading(name);
    recordFailure(name, 'suite could not start', 'no out/test/e2e/**/*.test.js or out/test/webview/**/*.test.js files');
    return;
  }
  const timeLimitMs = 10 * MINUTE;
  const { result, summary } = await mochaSuite(name, files, { timeLimitMs, extraArgs: ['--timeout', '120000', '--exit'] });
  countSuite(name, result, summary, timeLimitMs);
}

/** The VSIX: its contents, and installing it into a fresh VS Code (needs the harness). */
async function packageSuite() {
  const name = 'package';
  const timeLimitMs = 8 * MINUTE;
  const { result, summary } = await mochaSuite(name, [], {
    timeLimitMs,
    extraArgs: ['--config', path.join('test', 'package', '.mocharc.json')],
  });
  countSuite(name, result, summary, timeLimitMs);
}

/**
 * The harness must be able to fail: the same suites, against the broken fixture extension, must
 * really fail (non-zero exit and at least one failed test). Each check that sees that passes.
 */
async function selfTest() {
  const integrationName = 'selftest-integration';
  const integration = await integrationRun(
    integrationName,
    ['--extension', BROKEN_EXTENSION, '--only', 'activation.test.js'],
    3 * 60,
  );
  judgeSelfTest(
    'self-test: the integration suite fails against the broken extension',
    integration.result,
    integration.summary,
  );

  const e2eName = 'selftest-e2e';
  const e2e = await mochaSuite(e2eName, [path.join('out', 'test', 'e2e', 'harness-smoke.test.js')], {
    timeLimitMs: 5 * MINUTE,
    extraArgs: ['--timeout', '120000', '--exit'],
    env: {
      FLUX_HARNESS_EXTENSION_PATH: BROKEN_EXTENSION,
      FLUX_E2E_COMMAND_TIMEOUT_MS: '15000',
      FLUX_E2E_RESULTS_DIR: path.join(repoRoot, 'test-results', e2eName),
    },
  });
  judgeSelfTest('self-test: the e2e suite fails against the broken extension', e2e.result, e2e.summary);
}

function judgeSelfTest(title, result, summary) {
  const reallyFailed = result.code !== 0 && !result.timedOut && summary !== undefined && summary.failed > 0 && !summary.problem;
  if (reallyFailed) {
    totals.passed += 1;
    console.log(`[run-all] PASSED ${title} (${summary.failed} failed as expected)`);
  } else {
    const seen = summary ? `exit ${result.code}, ${summary.passed} passed, ${summary.failed} failed${summary.problem ? `, ${summary.problem}` : ''}` : `exit ${result.code}, no summary`;
    recordFailure('self-test', title, `the suite did not fail as it must (${seen}${result.timedOut ? ', timed out' : ''})`);
  }
}

/**
 * Compiled files whose TypeScript source is gone (a deleted or renamed test) must not run.
 * Only those are removed, not all of out/, so a run beside another one does not pull its files away.
 */
function pruneStaleOutput() {
  const outDir = path.join(repoRoot, 'out');
  if (!fs.existsSync(outDir)) {
    return;
  }
  for (const name of fs.readdirSync(outDir, { recursive: true })) {
    if (!name.endsWith('.js')) {
      continue;
    }
    const source = path.join(repoRoot, name.replace(/\.js$/, '.ts'));
    if (!fs.existsSync(source)) {
      fs.rmSync(path.join(outDir, name), { force: true });
      fs.rmSync(path.join(outDir, `${name}.map`), { force: true });
    }
  }
}


async function main() {
  const started = Date.now();
  fs.mkdirSync(summariesDir, { recursive: true });

  await step('type check', 'typecheck', 5 * MINUTE);
  await step('lint', 'lint', 5 * MINUTE);
  const built = await step('build', 'build', 5 * MINUTE);
  pruneStaleOutput();
  await step('build tests', 'build:tests', 5 * MINUTE);
  const harnessBuilt = fs.existsSync(REPORTER) && fs.existsSync(RUN_INTEGRATION);

  if (!harnessBuilt) {
    recordFailure('harness', 'suites could not start', 'out/test/harness was not built: see "build tests" above');
  } else {
    // `npm ci && npm test` on a fresh machine sets up the real VS Code and the Debian tools the
    // tests use (ExifTool for the unit tests of metadata removal) by itself. Cached: a second
    // run only checks that everything is there.
    await step('install the harness', 'harness:install', 30 * MINUTE);
    await unitSuite();
    if (!built) {
      recordFailure('integration', 'suite could not start', 'the extension bundle did not build');
      recordFailure('e2e', 'suite could not start', 'the extension bundle did not build');
    } else {
      await integrationSuite();
      await e2eSuite();
      await packageSuite();
      await selfTest();
    }
  }

  heading(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  if (failureList.length > 0) {
    console.log('Failures:');
    for (const { suite, title, detail } of failureList) {
      console.log(`  [${suite}] ${title}`);
      if (detail) {
        console.log(detail.split('\n').slice(0, 12).map((line) => `      ${line}`).join('\n'));
      }
    }
    console.log('Screenshots and logs of failed runs: test-results/');
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log(`${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exitCode = 1;
});
