import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator, type Emulator } from '../emulator';
import {
  acceptQuickInput,
  openSecondWindow,
  runCommand,
  saveFailureArtifacts,
  startWorkbench,
  takeScreenshot,
  waitFor,
  waitForCommand,
  waitForWebview,
  type Workbench,
} from './support';
import { createVariationsFromExplorer } from './flows/ui';

/** Every file under a folder, for the log lines of every window's extension host. */
function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) {
    return [];
  }
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Two browser tabs on one code-server are two windows, each with its own extension host, sharing
 * one global storage. When the window running a generation reloads, the other window (watching
 * the run's lease) and the reloaded one (its startup scan) both try to resume it: one does.
 */
describe('Two windows (two extension hosts) and one run cut off by a reload', function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator();
    workbench = await startWorkbench({
      label: 'two-windows',
      userSettings: {
        'fluxRedux.apiBaseUrl': emulator.apiBaseUrl,
        'fluxRedux.assetBaseUrls': emulator.assetBaseUrls,
        'fluxRedux.defaults.numOutputs': 2,
        'fluxRedux.defaults.megapixels': '0.25',
      },
      env: { ONEMIN_AI_API_KEY: emulator.apiKey },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await saveFailureArtifacts(workbench, this.currentTest.fullTitle());
    }
  });

  after(async () => {
    await workbench?.stop();
    await emulator?.close();
  });

  it('is resumed once, by exactly one window, with one paid call and each result downloaded once', async () => {
    const { page } = workbench;
    const other = await openSecondWindow(workbench, 'Flux Redux: Create Variations…');

    emulator.setLatency({ generationMs: 10_000 });
    await waitForCommand(page, 'Flux Redux: Create Variations…');
    await createVariationsFromExplorer(page, 'cat.png');
    await acceptQuickInput(page);
    await waitForWebview(page, 'text=/Generating/');
    await waitFor(() => (emulator.requests.some((request) => request.path.startsWith('/api/results/')) ? true : undefined), {
      timeoutMs: 30_000,
      description: 'the server to accept the run and the first poll',
    });

    await runCommand(page, 'Developer: Reload Window');
    const gallery = await waitForWebview(page, 'text=/Done: 2 variations/', 150_000);
    await gallery.locator('text=/Resumed after VS Code was closed or reloaded/').first().waitFor({ timeout: 30_000 });
    assert.equal(await gallery.locator('img[alt^="Variation"]').count(), 2);
    await takeScreenshot(page, 'two-windows-resumed-once');

    const paidCalls = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/api/features');
    assert.equal(paidCalls.length, 1, 'one paid call');
    const served = emulator.requests.filter((request) => request.server === 'asset' && request.method === 'GET' && request.status === 200);
    assert.equal(served.length, 2, `each result downloaded once (${served.map((request) => request.path).join(', ')})`);
    const resumedBy = filesUnder(path.join(workbench.userDataDir, 'logs'))
      .filter((file) => file.endsWith('.log'))
      .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n'))
      .filter((line) => /Generation \S+: resuming record/.test(line));
    assert.equal(resumedBy.length, 1, `resumed by one window only:\n${resumedBy.join('\n')}`);
    await other.close();
  });
});
