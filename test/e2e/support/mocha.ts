/**
 * One workbench per describe block: started before its tests, stopped after them, and on each
 * failed test a screenshot and VS Code's logs kept in test-results/e2e/<label>/.
 */
import { saveFailureArtifacts, startWorkbench, type Workbench, type WorkbenchOptions } from './workbench';

/** Starting code-server and the workbench on a cold, busy 2-core machine. */
const START_TIMEOUT_MS = 180_000;

export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(START_TIMEOUT_MS);
    workbench = await startWorkbench(options);
  });

  keepArtifactsOfFailedTests(() => workbench);

  after(async function () {
    this.timeout(60_000);
    await workbench?.stop();
    workbench = undefined;
  });

  return () => {
    if (!workbench) {
      throw new Error('The workbench is not running (its start failed, or the tests run outside the describe block)');
    }
    return workbench;
  };
}

/** After each failed test of the describe block, keeps a screenshot and VS Code's logs. */
export function keepArtifactsOfFailedTests(currentWorkbench: () => Workbench | undefined): void {
  afterEach(async function () {
    const workbench = currentWorkbench();
    const test = this.currentTest;
    if (workbench && test && test.state === 'failed') {
      const dir = await saveFailureArtifacts(workbench, test.fullTitle());
      console.log(`      (screenshot and logs of "${test.fullTitle()}" in ${dir})`);
    }
  });
}
