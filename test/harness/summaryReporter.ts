/**
 * Mocha's spec reporter, plus a JSON summary (counts, failing titles and errors) written to the
 * file named by FLUX_SUITE_SUMMARY, which test/run-all.mjs adds up. Used for the unit and e2e
 * suites: `mocha --reporter out/test/harness/summaryReporter.js`.
 */
import Mocha from 'mocha';
import type { FailedTest } from './integrationReport';
import { writeSuiteSummary } from './suiteSummary';

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ?? `${error.name}: ${error.message}`;
  }
  return String(error);
}

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let pending = 0;
    const failures: FailedTest[] = [];
    runner.on('pass', () => {
      passed += 1;
    });
    runner.on('pending', () => {
      pending += 1;
    });
    runner.on('fail', (test, error) => {
      failures.push({ title: test.fullTitle(), error: describeError(error) });
    });
    runner.once('end', () => {
      writeSuiteSummary(process.env.FLUX_SUITE_SUMMARY, { passed, failed: failures.length, pending, failures });
    });
  }
}

export = SummaryReporter;
