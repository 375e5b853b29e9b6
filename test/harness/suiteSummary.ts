/**
 * What each suite's process writes for test/run-all.mjs to add up: counts, and each failure's
 * title and error. One JSON file per suite, path given by FLUX_SUITE_SUMMARY.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { FailedTest } from './integrationReport';

export interface SuiteSummary {
  passed: number;
  failed: number;
  pending: number;
  failures: FailedTest[];
  /** Set when the suite could not start or was cut short: the reason, in words. */
  problem?: string;
}

export function writeSuiteSummary(file: string | undefined, summary: SuiteSummary): void {
  if (!file) {
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(summary, null, 2));
}
