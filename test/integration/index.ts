/**
 * The integration suite's entry, loaded inside the extension host by whichever runner started
 * VS Code (the code-server harness, or @vscode/test-electron): both call `run()`.
 * It runs every out/test/integration/**\/*.test.js with mocha and prints one report line that
 * the harness reads back (see test/harness/integrationReport.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { format } from 'util';
import { type FailedTest, formatReportLine, SUITE_OUTPUT_PREFIX } from '../harness/integrationReport';

/** Extension-host tests drive real UI and a local emulator: slow machines need room. */
const TEST_TIMEOUT_MS = 60_000;

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findTestFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found;
}

/**
 * FLUX_INTEGRATION_ONLY (comma-separated file names) narrows the run; the harness's self-test
 * uses it to run only the activation test against the deliberately broken extension.
 */
function selectedFiles(root: string): string[] {
  const only = (process.env.FLUX_INTEGRATION_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return findTestFiles(root)
    .filter((file) => only.length === 0 || only.includes(path.basename(file)))
    .sort((a, b) => path.relative(root, a).localeCompare(path.relative(root, b)));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ?? `${error.name}: ${error.message}`;
  }
  return String(error);
}

/** Mocha's reporters print through Base.consoleLog; each line gets the prefix the harness shows. */
function prefixReporterOutput(): void {
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) {
      console.log(`${SUITE_OUTPUT_PREFIX}${line}`);
    }
  };
}

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}

/** Runs the *.test.js files of `dir` (other suites, such as the empty-window one, reuse this). */
export function runSuiteIn(dir: string): Promise<void> {
  prefixReporterOutput();
  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });
  const files = selectedFiles(dir);
  for (const file of files) {
    mocha.addFile(file);
  }
  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      console.log(formatReportLine({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'integration suite', error: `No *.test.js files under ${dir}` }] }));
      reject(new Error('No integration test files found'));
      return;
    }
    let passed = 0;
    let pending = 0;
    const failures: FailedTest[] = [];
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failureCount) => {
        console.log(formatReportLine({ passed, failed: failures.length, pending, failures }));
        if (failureCount > 0 || failures.length > 0) {
          reject(new Error(`${Math.max(failureCount, failures.length)} integration test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      // A test file that throws while loading lands here, before any test ran.
      console.log(formatReportLine({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'loading the integration tests', error: describeError(error) }] }));
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    runner.on('pass', () => {
      passed += 1;
    });
    runner.on('pending', () => {
      pending += 1;
    });
    runner.on('fail', (test, error) => {
      failures.push({ title: test.fullTitle(), error: describeError(error) });
    });
  });
}
