/** The integration tests that need a window with no folder open (run with --empty-window). */
import { runSuiteIn } from '../integration/index';

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}
