/**
 * The line the integration suite prints inside the extension host to tell the harness how it
 * went. It travels as a console line (codeAutomationLog in code-server; stdout under
 * @vscode/test-electron), so it is one line of JSON after a marker no test would print.
 */
export const REPORT_MARKER = '@@flux-integration-report@@';

/** Starts each line of the suite's own output (mocha's reporter), so the harness can show those
 * lines and keep the workbench's chatter, which travels the same way, in the log file only. */
export const SUITE_OUTPUT_PREFIX = '[suite] ';

export interface FailedTest {
  /** Mocha's full title: describe titles and the test's, joined by spaces. */
  title: string;
  /** The error's message and stack. */
  error: string;
}

export interface IntegrationReport {
  passed: number;
  failed: number;
  pending: number;
  failures: FailedTest[];
}

export function formatReportLine(report: IntegrationReport): string {
  return `${REPORT_MARKER}${JSON.stringify(report)}`;
}

function isFailedTest(value: unknown): value is FailedTest {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FailedTest).title === 'string' &&
    typeof (value as FailedTest).error === 'string'
  );
}

/** The report in `line`, or undefined when the line is not one (or is malformed). */
export function parseReportLine(line: string): IntegrationReport | undefined {
  const at = line.indexOf(REPORT_MARKER);
  if (at < 0) {
    return undefined;
  }
  try {
    const value = JSON.parse(line.slice(at + REPORT_MARKER.length)) as Partial<IntegrationReport>;
    const counts = [value.passed, value.failed, value.pending];
    if (!counts.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
      return undefined;
    }
    if (!Array.isArray(value.failures) || !value.failures.every(isFailedTest)) {
      return undefined;
    }
    return value as IntegrationReport;
  } catch {
    return undefined;
  }
}
