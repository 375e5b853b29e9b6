import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { decideSaveFolder, followLinks, noSaveFolderMessage } from '../../src/gallery/saveFolder';

describe('decideSaveFolder: whether Save can save without asking, and where', () => {
  it('puts the folder of the setting beside the source, inside its workspace folder', () => {
    assert.deepEqual(decideSaveFolder('/ws/photos/harbour.png', '/ws', 'variations'), { kind: 'folder', path: '/ws/photos/variations' });
    assert.deepEqual(decideSaveFolder('/ws/harbour.png', '/ws/', 'out/flux'), { kind: 'folder', path: '/ws/out/flux' });
    assert.deepEqual(decideSaveFolder('/ws/a/b.png', '/ws', 'out\\flux'), { kind: 'folder', path: '/ws/a/out/flux' }, 'Windows separators in the setting');
  });

  it('accepts climbing up as long as it stays inside the workspace folder, the folder itself included', () => {
    assert.deepEqual(decideSaveFolder('/ws/a/b/c.png', '/ws', '../../kept'), { kind: 'folder', path: '/ws/kept' });
    assert.deepEqual(decideSaveFolder('/ws/a/c.png', '/ws', '..'), { kind: 'folder', path: '/ws' });
    assert.deepEqual(decideSaveFolder('/ws/c.png', '/ws', '.'), { kind: 'folder', path: '/ws' });
  });

  it('has no folder for a source outside every workspace folder', () => {
    assert.deepEqual(decideSaveFolder('/tmp/loose.png', undefined, 'variations'), { kind: 'outsideWorkspace' });
  });

  it('has no folder when the setting is absolute (POSIX or Windows)', () => {
    assert.deepEqual(decideSaveFolder('/ws/c.png', '/ws', '/tmp/out'), { kind: 'absoluteSetting' });
    assert.deepEqual(decideSaveFolder('/ws/c.png', '/ws', 'C:\\out'), { kind: 'absoluteSetting' });
  });

  it('has no folder when the setting leads out of the workspace folder, even to a sibling with the same prefix', () => {
    assert.deepEqual(decideSaveFolder('/ws/c.png', '/ws', '../elsewhere'), { kind: 'leavesWorkspaceFolder' });
    assert.deepEqual(decideSaveFolder('/ws/c.png', '/ws', '../ws-other'), { kind: 'leavesWorkspaceFolder' });
  });
});

describe('noSaveFolderMessage: why a script cannot save, and what to do', () => {
  it('for a source outside the workspace: open its folder, or call without save', () => {
    const message = noSaveFolderMessage({ kind: 'outsideWorkspace' }, 'loose.png', 'variations');
    assert.match(message, /loose\.png/);
    assert.match(message, /outside every workspace folder/);
    assert.match(message, /Open its folder as a workspace folder/);
    assert.match(message, /without \{ save: true \}/);
  });

  it('for a setting that leaves the workspace: names the setting and its value', () => {
    for (const kind of ['absoluteSetting', 'leavesWorkspaceFolder'] as const) {
      const message = noSaveFolderMessage({ kind }, 'c.png', '../elsewhere');
      assert.match(message, /fluxRedux\.saveFolder \("\.\.\/elsewhere"\)/);
      assert.match(message, /without \{ save: true \}/);
    }
  });
});

describe('followLinks: the save folder as the file system reaches it', () => {
  let top: string;
  let ws: string;

  beforeEach(async () => {
    top = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flux-savelinks-')));
    ws = path.join(top, 'ws');
    await fs.mkdir(path.join(ws, 'photos', 'inside'), { recursive: true });
    await fs.mkdir(path.join(top, 'elsewhere'));
    await fs.symlink(path.join(top, 'elsewhere'), path.join(ws, 'photos', 'variations'));
    await fs.symlink(path.join(ws, 'photos', 'inside'), path.join(ws, 'photos', 'kept'));
  });
  afterEach(() => fs.rm(top, { recursive: true, force: true }));

  const decide = (setting: string, root = ws) =>
    followLinks(decideSaveFolder(`${ws}/photos/harbour.png`, root, setting), root, (p) => fs.realpath(p));

  it('refuses a folder that a symbolic link inside the workspace carries out of it, even one not made yet', async () => {
    assert.deepEqual(await decide('variations'), { kind: 'linkLeavesWorkspaceFolder', realPath: path.join(top, 'elsewhere') });
    assert.deepEqual(await decide('variations/new/deeper'), { kind: 'linkLeavesWorkspaceFolder', realPath: path.join(top, 'elsewhere', 'new', 'deeper') });
  });

  it('accepts links that stay inside, folders not made yet, and a workspace opened through a link', async () => {
    assert.deepEqual(await decide('kept'), { kind: 'folder', path: `${ws}/photos/kept` });
    assert.deepEqual(await decide('new/out'), { kind: 'folder', path: `${ws}/photos/new/out` });
    const linkedWorkspace = path.join(top, 'ws-link');
    await fs.symlink(ws, linkedWorkspace);
    const decision = await followLinks(decideSaveFolder(`${linkedWorkspace}/photos/harbour.png`, linkedWorkspace, 'out'), linkedWorkspace, (p) => fs.realpath(p));
    assert.deepEqual(decision, { kind: 'folder', path: `${linkedWorkspace}/photos/out` });
  });

  it('says why a script cannot save there, naming where the link leads', () => {
    const message = noSaveFolderMessage({ kind: 'linkLeavesWorkspaceFolder', realPath: '/srv/elsewhere' }, 'c.png', 'variations');
    assert.match(message, /symbolic link to \/srv\/elsewhere/);
    assert.match(message, /without \{ save: true \}/);
  });
});
