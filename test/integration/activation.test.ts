import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'fluxredux.flux-redux-variations';

/** The commands other parts (menus, scripts, README) name; the manifest must declare each. */
const DECLARED_COMMANDS = [
  'fluxRedux.createVariations',
  'fluxRedux.createVariationsFromResource',
  'fluxRedux.setApiKey',
  'fluxRedux.clearApiKey',
  'fluxRedux.showGallery',
  'fluxRedux.showLog',
];

interface ManifestCommand {
  command: string;
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded`);
  return found;
}

describe('Extension activation', () => {
  it('is loaded, found by its id', () => {
    assert.equal(extension().id.toLowerCase(), EXTENSION_ID);
  });

  it('declares the six fluxRedux commands in its manifest', () => {
    const manifest = extension().packageJSON as { contributes?: { commands?: ManifestCommand[] } };
    const declared = (manifest.contributes?.commands ?? []).map((entry) => entry.command);
    for (const command of DECLARED_COMMANDS) {
      assert.ok(declared.includes(command), `${command} is not declared (declared: ${declared.join(', ') || 'none'})`);
    }
  });

  it('is active after activate()', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });
});
