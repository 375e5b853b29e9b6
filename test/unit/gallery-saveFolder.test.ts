import * as assert from 'node:assert/strict';
import { decideSaveFolder, noSaveFolderMessage } from '../../src/gallery/saveFolder';

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
