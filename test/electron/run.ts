/**
 * `npm run test:electron`: the same integration suite (out/test/integration/index.js) under
 * @vscode/test-electron, on a machine that can download VS Code (this project's machines cannot;
 * `npm test` uses code-server instead). A fresh workspace copy and user-data dir per run.
 *   VSCODE_TEST_VERSION picks the VS Code build (default: the one the code-server harness runs).
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { FIXTURE_WORKSPACE, repoRoot } from '../harness/paths';
import { createRunDirs } from '../harness/runDirs';

/** code-server 4.100.3 is VS Code 1.100.3: the same build in both runners. */
const DEFAULT_VSCODE_VERSION = '1.100.3';

async function main(): Promise<number> {
  const dirs = createRunDirs({ workspaceFixture: FIXTURE_WORKSPACE, label: 'electron' });
  try {
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? DEFAULT_VSCODE_VERSION,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      launchArgs: [
        dirs.workspaceDir,
        '--user-data-dir', dirs.userDataDir,
        '--extensions-dir', dirs.extensionsDir,
        // Only the extension under development; installed ones could change what the tests see.
        '--disable-extensions',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-workspace-trust',
      ],
    });
  } finally {
    dirs.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The integration suite failed under @vscode/test-electron: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
