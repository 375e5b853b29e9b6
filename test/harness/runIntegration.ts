/**
 * Command line for one integration run, spawned by test/run-all.mjs (so a hang can be ended by
 * PID) and usable by hand:
 *   node out/test/harness/runIntegration.js [--extension PATH] [--only a.test.js,b.test.js]
 *        [--label NAME] [--time-limit-seconds N] [--suite integration-empty --empty-window]
 * Exit code 0 only when every test passed; FLUX_SUITE_SUMMARY names a JSON file for the counts.
 */
import * as path from 'path';
import { safeFileName } from './artifacts';
import { type IntegrationOutcome, runIntegrationSuite } from './integration';
import { type IntegrationReport } from './integrationReport';
import { extensionUnderTest, FIXTURE_WORKSPACE, repoRoot, testResultsDir } from './paths';
import { type SuiteSummary, writeSuiteSummary } from './suiteSummary';
import { assertNever } from '../../src/shared/guards';

interface Arguments {
  extension: string;
  only: string | undefined;
  label: string;
  timeLimitMs: number;
  /** Folder under out/test holding the suite's index.js (integration by default). */
  suite: string;
  emptyWindow: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const seconds = Number(value('--time-limit-seconds') ?? 480);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error('--time-limit-seconds must be a positive number');
  }
  const extension = value('--extension');
  return {
    extension: extension ? path.resolve(extension) : extensionUnderTest(),
    only: value('--only'),
    label: value('--label') ?? 'integration',
    suite: value('--suite') ?? 'integration',
    emptyWindow: argv.includes('--empty-window'),
    timeLimitMs: seconds * 1000,
  };
}

function fromReport(report: IntegrationReport | undefined, problem?: string): SuiteSummary {
  const summary: SuiteSummary = {
    passed: report?.passed ?? 0,
    failed: report?.failed ?? 0,
    pending: report?.pending ?? 0,
    failures: report?.failures ?? [],
  };
  if (problem) {
    summary.problem = problem;
  }
  return summary;
}

function summarise(outcome: IntegrationOutcome): SuiteSummary {
  switch (outcome.kind) {
    case 'finished':
      if (!outcome.report) {
        return fromReport(undefined, `the suite ended (exit code ${outcome.exitCode}) without reporting its results; see ${outcome.resultsDir}`);
      }
      if (outcome.exitCode !== 0 && outcome.report.failed === 0) {
        return fromReport(outcome.report, `the extension host reported exit code ${outcome.exitCode} although no test failed`);
      }
      return fromReport(outcome.report);
    case 'timed-out':
      return fromReport(outcome.report, `the suite did not finish within ${Math.round(outcome.limitMs / 1000)} s (hang?)`);
    case 'could-not-start':
      return fromReport(undefined, `the suite could not start: ${outcome.message}`);
    case 'aborted':
      return fromReport(outcome.report, `the suite was cut short: ${outcome.message}`);
    default:
      return assertNever(outcome);
  }
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  const env: Record<string, string> = {};
  if (args.only) {
    env.FLUX_INTEGRATION_ONLY = args.only;
  }
  const resultsDir = testResultsDir(safeFileName(args.label));
  console.log(`[harness] integration suite "${args.label}": extension ${path.relative(repoRoot, args.extension) || '.'}`);
  const outcome = await runIntegrationSuite({
    extensionPath: args.extension,
    testsModulePath: path.join(repoRoot, 'out', 'test', args.suite, 'index'),
    workspaceFixture: FIXTURE_WORKSPACE,
    emptyWindow: args.emptyWindow,
    env,
    timeLimitMs: args.timeLimitMs,
    resultsDir,
    label: args.label,
  });
  const summary = summarise(outcome);
  writeSuiteSummary(process.env.FLUX_SUITE_SUMMARY, summary);
  for (const failure of summary.failures) {
    console.log(`[harness] FAILED: ${failure.title}\n${failure.error.replace(/^/gm, '    ')}`);
  }
  if (summary.problem) {
    console.log(`[harness] PROBLEM: ${summary.problem}`);
  }
  const ok = summary.problem === undefined && summary.failed === 0;
  if (!ok) {
    console.log(`[harness] logs, screenshot and VS Code's logs: ${path.relative(repoRoot, resultsDir)}/`);
  }
  console.log(`[harness] integration "${args.label}": ${summary.passed} passed, ${summary.failed} failed`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[harness] integration run crashed: ${error instanceof Error ? error.stack : String(error)}`);
    writeSuiteSummary(process.env.FLUX_SUITE_SUMMARY, { passed: 0, failed: 0, pending: 0, failures: [], problem: `harness crashed: ${String(error)}` });
    process.exit(1);
  },
);
