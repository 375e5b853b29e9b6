import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import type { GenerationRecord } from '../../src/runs/record';
import { exists, logsSay, setUserSetting, waitFor, workspaceRoot, writeWorkspaceFile, forgetEmulator, connectToEmulator, disconnectFromEmulator } from './support/extension';
import { gradientPng, rgbPng, uniquePng, withExifChunk } from './support/pngFixture';
import { identifyingTags, readWithExifTool } from '../fixtures/imaging/exiftool';
import { TestFileSystem } from './support/testFileSystem';

interface ScriptResult {
  generationId: string;
  results: vscode.Uri[];
}

/** A server that must never hear from the extension; it records whatever reaches it. */
async function startThief(): Promise<{ url: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.headers);
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function run(source: vscode.Uri, options: Record<string, unknown>): Thenable<ScriptResult> {
  return vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, options);
}

describe('Reliability in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let source: vscode.Uri;
  const registrations: vscode.Disposable[] = [];
  let memfs: TestFileSystem;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    source = await writeWorkspaceFile('reliability/cat.png', gradientPng(64, 48));
    const registered = TestFileSystem.register('fluxtest');
    memfs = registered.fs;
    registrations.push(registered.registration);
  });

  after(async () => {
    api?.setSaveDialog(undefined);
    for (const registration of registrations) {
      registration.dispose();
    }
    await disconnectFromEmulator(emulator);
  });

  beforeEach(() => {
    emulator.reset();
    memfs.mode = 'none';
    api.probe.notifications.length = 0;
  });

  async function saveAsTo(generationId: string, target: vscode.Uri): Promise<void> {
    api.setSaveDialog({ ask: async () => target });
    try {
      await api.galleries.onIntent(generationId, { type: 'saveAs', resultId: 'r1' });
    } finally {
      api.setSaveDialog(undefined);
    }
  }

  for (const [mode, words] of [['read-only', /read-only/], ['full', /disk is full/]] as const) {
    it(`keeps the result and says why when saving into a ${mode} place fails`, async () => {
      const result = await run(source, { num_outputs: 1, format: 'png' });
      memfs.mode = mode;
      await saveAsTo(result.generationId, vscode.Uri.parse('fluxtest:/out/cat-variation-1.png'));
      const error = api.probe.notifications.find((n) => n.level === 'error');
      assert.ok(error, 'an error notification was shown');
      assert.match(error.message, words);
      assert.match(error.message, /stays in the gallery/);
      const stored = await api.store.load(result.generationId);
      assert.equal(stored?.results[0].savedTo, undefined, 'not marked saved');
      assert.ok(await exists(result.results[0]), 'the stored result is still there');
      assert.equal(memfs.has('/out/cat-variation-1.png'), false);
    });
  }

  it('works with a source on a virtual file system, asking where to save', async () => {
    memfs.seed('/pics/virtual photo.png', gradientPng(40, 30));
    const virtualSource = vscode.Uri.parse('fluxtest:/pics/virtual photo.png');
    const result = await run(virtualSource, { num_outputs: 1, format: 'webp' });
    assert.equal(result.results.length, 1);
    let asked: vscode.SaveDialogOptions | undefined;
    api.setSaveDialog({
      ask: async (options) => {
        asked = options;
        return vscode.Uri.parse('fluxtest:/pics/virtual photo-variation-1.webp');
      },
    });
    try {
      await api.galleries.onIntent(result.generationId, { type: 'save', resultId: 'r1' });
    } finally {
      api.setSaveDialog(undefined);
    }
    assert.ok(asked, 'Save asked with a dialog: the source is outside every workspace folder');
    assert.ok(memfs.has('/pics/virtual photo-variation-1.webp'), 'written through workspace.fs');
  });

  it('handles names with spaces, unicode and shell characters', async () => {
    const odd = await writeWorkspaceFile('reliability/Hafen am Morgen – 港 $(echo x) `y` & z.png', gradientPng(20, 20));
    const result = await run(odd, { num_outputs: 1, format: 'png' });
    const upload = emulator.requests.find((r) => r.path === '/api/assets');
    assert.equal(upload?.upload?.fileName, 'Hafen am Morgen – 港 $(echo x) `y` & z.png');
    await api.galleries.onIntent(result.generationId, { type: 'save', resultId: 'r1' });
    const saved = vscode.Uri.joinPath(workspaceRoot(), 'reliability', 'variations', 'Hafen am Morgen – 港 $(echo x) `y` & z-variation-1.png');
    assert.ok(await exists(saved));
  });

  it('refuses forged and malformed messages from the webview and acts on none', async () => {
    const result = await run(source, { num_outputs: 1, format: 'png' });
    const panel = await waitFor('the panel', () => api.galleries.panelFor(result.generationId));
    const folder = vscode.Uri.joinPath(workspaceRoot(), 'reliability', 'variations');
    const before = await vscode.workspace.fs.readDirectory(folder).then((e) => e.length, () => 0);
    for (const forged of [
      { type: 'save', path: '/etc/passwd' },
      { type: 'save', resultId: '../../../etc/passwd' },
      { type: 'save', resultId: 'r1', path: '/tmp/evil.png' },
      { type: 'save', resultId: 'r9' },
      { type: 'saveAll', folder: '/tmp' },
      { type: 'runAction', action: 'workbench.action.terminal.new' },
      { type: 'open', resultId: 42 },
      { type: 'launchMissiles' },
      'save',
      null,
    ]) {
      await panel.handleMessage(forged);
    }
    const after = await vscode.workspace.fs.readDirectory(folder).then((e) => e.length, () => 0);
    assert.equal(after, before, 'nothing was saved');
    assert.equal((await api.store.load(result.generationId))?.results[0].savedTo, undefined);
  });

  it('never sends the key to a host a workspace names in its settings', async () => {
    const thief = await startThief();
    const settings = await writeWorkspaceFile(
      '.vscode/settings.json',
      new TextEncoder().encode(JSON.stringify({ 'fluxRedux.apiBaseUrl': thief.url, 'fluxRedux.assetBaseUrls': [thief.url] })),
    );
    try {
      await waitFor('the workspace settings to load', () =>
        vscode.workspace.getConfiguration('fluxRedux').inspect('apiBaseUrl') ? true : undefined,
      );
      await run(source, { num_outputs: 1 });
      assert.equal(thief.requests.length, 0, 'the workspace\'s host heard nothing');
      assert.ok(emulator.requests.some((r) => r.path === '/api/features'), 'the user\'s host did the work');
    } finally {
      await vscode.workspace.fs.delete(settings);
      await thief.close();
    }
  });

  it('does not carry the key along a redirect to another host', async () => {
    const thief = await startThief();
    try {
      const fresh = await writeWorkspaceFile('reliability/fresh-redirect.png', uniquePng());
      emulator.injectFault({ endpoint: 'upload', kind: 'redirect', redirectTo: `${thief.url}/api/assets` });
      await assert.rejects(Promise.resolve(run(fresh, { num_outputs: 1 })));
      assert.ok(thief.requests.every((headers) => headers['api-key'] === undefined), 'no API-KEY header reached the other host');
    } finally {
      await thief.close();
    }
  });

  it('stops waiting on Cancel during generation and says the run may still be charged', async () => {
    emulator.setLatency({ generationMs: 30_000 });
    let generationId: string | undefined;
    const listener = api.runs.onDidChange((record: GenerationRecord) => {
      if (record.phase === 'generating') {
        generationId = record.id;
      }
    });
    try {
      const running = Promise.resolve(run(source, { num_outputs: 1 }));
      const id = await waitFor('the run to be generating', () => generationId);
      await api.galleries.onIntent(id, { type: 'cancel' });
      await assert.rejects(running, /may still finish/);
      const stored = await api.store.load(id);
      assert.equal(stored?.phase, 'cancelled');
      assert.ok(stored?.generateStartedAt, 'the record knows the paid call went out');
      const warning = api.probe.notifications.find((n) => n.level === 'warning');
      assert.match(warning?.message ?? '', /may still finish this generation and charge/);
    } finally {
      listener.dispose();
      emulator.setLatency({ generationMs: 0 });
    }
  });

  it('queues twenty runs under fluxRedux.concurrency and finishes them all', async function () {
    this.timeout(240_000);
    await setUserSetting('fluxRedux.concurrency', 2);
    emulator.setLatency({ generationMs: 150 });
    const handlesBefore = process.getActiveResourcesInfo().length;
    const listenersBefore = api.runs.listenerCount;
    // Responsiveness: no long blocking work on the extension host's thread while the runs go.
    const loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
    try {
      const runs = Array.from({ length: 20 }, () => run(source, { num_outputs: 1, megapixels: '0.25' }));
      const results = await Promise.all(runs);
      assert.equal(results.length, 20);
      assert.ok(results.every((r) => r.results.length === 1));
      assert.ok(emulator.maxConcurrentGenerations() <= 2, `at most 2 at once; saw ${emulator.maxConcurrentGenerations()}`);
      assert.ok(emulator.maxConcurrentGenerations() >= 1);
      loopDelay.disable();
      const longestBlockMs = loopDelay.max / 1e6;
      assert.ok(longestBlockMs < 1000, `the extension host's thread was blocked for ${longestBlockMs.toFixed(0)} ms at once`);
    } finally {
      loopDelay.disable();
      emulator.setLatency({ generationMs: 0 });
      await setUserSetting('fluxRedux.concurrency', undefined);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('every gallery to close', () => (api.galleries.openPanelCount === 0 ? true : undefined));
    assert.equal(api.runs.listenerCount, listenersBefore, 'no listener left behind');
    await waitFor('handles to settle', () =>
      process.getActiveResourcesInfo().length <= handlesBefore + 2 ? true : undefined,
    30_000);
  });
});

describe('What leaves the machine', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await forgetEmulator();
    await setUserSetting('fluxRedux.keepImageMetadata', undefined);
    await emulator?.close();
  });

  const fixture = () => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imaging', 'gps-photo.jpg'));
  /** The TIFF body of a JPEG's Exif segment (APP1 after "Exif\\0\\0"), as a PNG's eXIf chunk holds it. */
  const exifOf = (jpeg: Buffer): Buffer => {
    for (let offset = 2; offset + 4 <= jpeg.length && jpeg[offset] === 0xff; offset += 2 + jpeg.readUInt16BE(offset + 2)) {
      if (jpeg[offset + 1] === 0xe1 && jpeg.subarray(offset + 4, offset + 10).toString('latin1') === 'Exif\0\0') {
        return jpeg.subarray(offset + 10, offset + 2 + jpeg.readUInt16BE(offset + 2));
      }
    }
    throw new Error('the fixture has no Exif segment');
  };
  const hasGps = (bytes: Buffer) => bytes.includes(Buffer.from('GPS', 'latin1')) || bytes.includes(Buffer.from('Exif\0\0', 'latin1'));

  it('removes GPS and camera metadata from the uploaded photo', async () => {
    const original = fixture();
    assert.ok(hasGps(original), 'the fixture carries GPS tags');
    const photo = await writeWorkspaceFile('privacy/holiday.jpg', original);
    await run(photo, { num_outputs: 1 });
    const sent = emulator.requests.find((r) => r.path === '/api/assets')?.upload?.bytes;
    assert.ok(sent, 'the photo was uploaded');
    assert.equal(hasGps(sent), false, 'no EXIF or GPS in the bytes the server received');
    assert.deepEqual([...sent.subarray(0, 3)], [0xff, 0xd8, 0xff], 'still a JPEG');
  });

  it('ignores a workspace that tries to keep the metadata and the full size, and says so in the log', async function () {
    this.timeout(60_000);
    emulator.reset();
    await setUserSetting('fluxRedux.keepImageMetadata', undefined);
    await setUserSetting('fluxRedux.downscaleBeforeUpload', undefined);
    // A large photo with the fixture's GPS tags: the user's defaults strip them and scale it down.
    const photo = await writeWorkspaceFile('privacy/cloned-repo.png', withExifChunk(rgbPng(2400, 1800, (x, y) => [x % 256, y % 256, 128]), exifOf(fixture())));
    assert.ok(identifyingTags(await readWithExifTool(await vscode.workspace.fs.readFile(photo), 'png')).some((tag) => /GPS/.test(tag)), 'the photo carries GPS tags');
    // The API refuses to write application-scoped settings to a workspace: the file is what a cloned
    // repository brings. saveFolder (at its default) tells when VS Code has loaded the file: VS Code
    // hides the other two from the extension API.
    const settings = await writeWorkspaceFile(
      '.vscode/settings.json',
      new TextEncoder().encode(
        JSON.stringify({ 'fluxRedux.keepImageMetadata': true, 'fluxRedux.downscaleBeforeUpload': false, 'fluxRedux.saveFolder': 'variations' }),
      ),
    );
    const section = () => vscode.workspace.getConfiguration('fluxRedux');
    try {
      await waitFor('the workspace settings to load', () => section().inspect('saveFolder')?.workspaceValue === 'variations');
      await run(photo, { num_outputs: 1 });
      const sent = emulator.requests.find((r) => r.path === '/api/assets')?.upload?.bytes;
      assert.ok(sent, 'the photo was uploaded');
      const tags = await readWithExifTool(sent, sent[0] === 0x89 ? 'png' : sent[0] === 0xff ? 'jpg' : 'webp');
      assert.deepEqual(identifyingTags(tags).filter((tag) => /GPS/i.test(tag)), [], 'no GPS in the bytes the server received');
      assert.equal(tags['Composite:ImageSize'], '1536x1152', 'scaled down as the user\'s settings say');
      for (const setting of ['keepImageMetadata', 'downscaleBeforeUpload']) {
        await waitFor(`the log to say the workspace's fluxRedux.${setting} is ignored`, () =>
          logsSay(api.logUri, `fluxRedux.${setting} is set in this workspace's settings; that value is ignored`),
        );
      }
    } finally {
      await vscode.workspace.fs.delete(settings);
      await waitFor('the workspace settings to go', () => section().inspect('saveFolder')?.workspaceValue === undefined);
    }
  });

  it('converts a GIF or BMP reached through the command before uploading it', async () => {
    for (const name of ['drawing.gif', 'drawing.bmp']) {
      emulator.reset();
      const bytes = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imaging', name));
      const source = await writeWorkspaceFile(`privacy/${name}`, bytes);
      const result = await run(source, { num_outputs: 1 });
      assert.equal(result.results.length, 1);
      const upload = emulator.requests.find((r) => r.path === '/api/assets')?.upload;
      assert.ok(upload && ['image/png', 'image/jpeg', 'image/webp'].includes(upload.contentType), `${name} went as ${upload?.contentType}`);
    }
  });

  it('refuses an SVG, naming the formats it takes, and sends nothing', async () => {
    emulator.reset();
    const svg = await writeWorkspaceFile('privacy/logo.svg', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'));
    await assert.rejects(Promise.resolve(run(svg, { num_outputs: 1 })), /PNG, JPEG and WebP/);
    assert.equal(emulator.requests.length, 0);
  });

  it('keeps them when fluxRedux.keepImageMetadata asks for it', async () => {
    emulator.reset();
    await setUserSetting('fluxRedux.keepImageMetadata', true);
    const photo = await writeWorkspaceFile('privacy/holiday-kept.jpg', Buffer.concat([fixture()]));
    await run(photo, { num_outputs: 1, seed: 3 });
    const sent = emulator.requests.find((r) => r.path === '/api/assets')?.upload?.bytes;
    assert.ok(sent && hasGps(sent));
  });
});
