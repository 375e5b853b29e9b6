/**
 * A user's install: the VSIX from `npm run package` installed into a fresh real VS Code
 * (code-server's own --install-extension, no extensionDevelopmentPath), then used against the
 * emulator. Catches what listing the zip cannot: a bundle that needs a file left out, a webview
 * resource that does not load, a walkthrough picture that is missing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator';
import { saveScreenshot } from '../harness/artifacts';
import { launchChromium } from '../harness/chromium';
import { type CodeServer, startCodeServer, workbenchUrl } from '../harness/codeServer';
import { codeServerEntry, repoRoot, testResultsDir } from '../harness/paths';
import {
  pickContextMenuEntry,
  pickQuickPickItem,
  quickInputRowLabels,
  rightClickExplorerRow,
  runCommand,
  waitFor,
  waitForCommand,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForWebview,
} from '../e2e/support';
import { packVsixOnce } from './packVsix';

const SAMPLE_WORKSPACE = path.join(repoRoot, 'test', 'fixtures', 'sample-workspace');
const RESULTS_DIR = testResultsDir('package', 'installed-vsix');
const WALKTHROUGH_TITLE = 'Get started with Flux Redux Variations';

/** The parts of an <img> read in the page (the tests compile without the DOM library). */
interface ImageLike {
  complete: boolean;
  naturalWidth: number;
}

function installVsix(server: CodeServer, vsix: string): string {
  const result = spawnSync(
    process.execPath,
    [codeServerEntry(), '--extensions-dir', server.dirs.extensionsDir, '--user-data-dir', server.dirs.userDataDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  assert.equal(result.status, 0, `code-server --install-extension failed:\n${output}`);
  return output;
}

/** Walkthroughs register a few seconds after the extension: reopen the picker until it is listed. */
async function openWalkthrough(page: Page, title: string): Promise<void> {
  await waitFor(
    async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await waitForQuickInput(page);
      const listed = (await quickInputRowLabels(page)).includes(title);
      if (!listed) {
        await page.keyboard.press('Escape');
        await waitForQuickInputClosed(page);
      }
      return listed ? true : undefined;
    },
    { timeoutMs: 60_000, description: `the walkthrough "${title}" in Welcome: Open Walkthrough` },
  );
  await pickQuickPickItem(page, title);
}

describe('The packaged VSIX, installed into a fresh VS Code', function () {
  this.timeout(300_000);
  let emulator: Emulator | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    const packed = await packVsixOnce();
    fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    emulator = await startEmulator();
    server = await startCodeServer({
      userSettings: { 'fluxRedux.apiBaseUrl': emulator.apiBaseUrl, 'fluxRedux.assetBaseUrls': emulator.assetBaseUrls },
      env: { ONEMIN_AI_API_KEY: emulator.apiKey },
      workspaceFixture: SAMPLE_WORKSPACE,
      logDir: RESULTS_DIR,
      label: 'installed-vsix',
    });
    installVsix(server, packed.file);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(workbenchUrl(server, {}));
    await page.locator('.monaco-workbench .explorer-folders-view').first().waitFor({ state: 'visible', timeout: 90_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await saveScreenshot(page, path.join(RESULTS_DIR, `failed-${this.currentTest.title.replace(/[^A-Za-z0-9]+/g, '-')}.png`));
    }
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await emulator?.close();
  });

  it('is installed as an ordinary extension, not loaded from the repository', () => {
    const installed = fs.readdirSync(server!.dirs.extensionsDir).filter((name) => name.startsWith('fluxredux.flux-redux-variations-'));
    assert.equal(installed.length, 1, `extensions folder holds: ${fs.readdirSync(server!.dirs.extensionsDir).join(', ')}`);
    const folder = path.join(server!.dirs.extensionsDir, installed[0]);
    assert.ok(fs.existsSync(path.join(folder, 'dist', 'extension.js')));
    assert.ok(!fs.existsSync(path.join(folder, 'src')), 'the installed extension carries its sources');
  });

  it('contributes its commands with their translated titles', async () => {
    await waitForCommand(page, 'Flux Redux: Create Variations…');
  });

  it('makes variations of an image and shows them in the gallery, with its icon font', async () => {
    await rightClickExplorerRow(page, 'still-life.webp');
    await pickContextMenuEntry(page, 'Create Variations with Flux Redux…');
    await waitForQuickInput(page);
    // The first entry runs with the current settings.
    await page.keyboard.press('Enter');
    const gallery = await waitForWebview(page, '.card img', 120_000);
    const widths = await waitFor(
      async () => {
        const shown = await gallery.locator('.card img').evaluateAll((images) =>
          (images as unknown as ImageLike[]).filter((image) => image.complete).map((image) => image.naturalWidth),
        );
        return shown.length > 0 ? shown : undefined;
      },
      { timeoutMs: 60_000, description: 'a decoded result image in the gallery' },
    );
    assert.ok(widths.every((width) => width > 0), `result images did not decode: ${widths.join(', ')}`);
    const iconFontLoaded = await gallery.locator('body').evaluate(async () => {
      const fonts = (globalThis as unknown as { document: { fonts: { load(font: string): Promise<unknown[]> } } }).document.fonts;
      return (await fonts.load('16px codicon')).length > 0;
    });
    assert.ok(iconFontLoaded, 'the codicon font did not load in the gallery');
  });

  it('offers its walkthrough with its pictures and no untranslated keys', async () => {
    await openWalkthrough(page, WALKTHROUGH_TITLE);
    const container = page.locator('.gettingStartedContainer');
    const picture = container.locator('.getting-started-media img').first();
    await picture.waitFor({ state: 'visible', timeout: 30_000 });
    const width = await waitFor(
      async () => {
        const state = await picture.evaluate((element) => {
          const image = element as unknown as ImageLike;
          return { complete: image.complete, naturalWidth: image.naturalWidth };
        });
        return state.complete ? state.naturalWidth : undefined;
      },
      { timeoutMs: 30_000, description: 'the walkthrough picture to load' },
    );
    assert.ok(width > 0, 'the walkthrough picture did not load');
    const titles = await container.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(titles.filter((title) => /%[\w.-]+%/.test(title)), []);
    assert.ok(titles.includes('What is sent where'), `steps: ${titles.join(' | ')}`);
    await container.locator('.getting-started-step', { hasText: 'What is sent where' }).first().click();
    const privacy = await waitFor(
      async () => {
        const text = await container.locator('.getting-started-step.expanded').first().innerText().catch(() => '');
        return /telemetry/.test(text) ? text : undefined;
      },
      { timeoutMs: 15_000, description: 'the privacy step to open' },
    );
    assert.match(privacy, /collects no telemetry/);
    assert.doesNotMatch(privacy, /%[\w.-]+%/);
  });
});
