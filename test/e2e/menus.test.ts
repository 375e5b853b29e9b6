import assert from 'node:assert/strict';
import { revealExplorerRow, useWorkbench, waitFor, waitForCommand, waitForEditorTab } from './support';
import { EXPLORER_ENTRY, PALETTE_COMMAND, activeTabLabel, editorTitleActionNames, explorerMenuLabels } from './flows/ui';

describe('Where "Create Variations with Flux Redux…" is offered', () => {
  const workbench = useWorkbench({ label: 'menus' });

  before(async function () {
    this.timeout(120_000);
    // Menus are contributed a little after the Explorer shows; the palette entry comes with them.
    await waitForCommand(workbench().page, PALETTE_COMMAND);
  });

  describe('the Explorer context menu', () => {
    for (const file of ['X.PNG', 'photo.webp', 'cat.png', 'photos/harbour.jpg']) {
      it(`offers it on ${file}`, async function () {
        this.timeout(60_000);
        const labels = await explorerMenuLabels(workbench().page, file);
        assert.ok(labels.includes(EXPLORER_ENTRY), `menu of ${file}: ${labels.join(' | ')}`);
      });
    }

    for (const entry of ['anim.gif', 'folder.png', 'notes.txt']) {
      it(`does not offer it on ${entry}`, async function () {
        this.timeout(60_000);
        const labels = await explorerMenuLabels(workbench().page, entry);
        assert.ok(labels.length > 3, `the menu of ${entry} was read whole: ${labels.join(' | ')}`);
        assert.ok(!labels.includes(EXPLORER_ENTRY), `menu of ${entry}: ${labels.join(' | ')}`);
      });
    }
  });

  describe('the title bar of the built-in image preview', () => {
    async function openInPreview(file: string): Promise<void> {
      const { page } = workbench();
      const row = await revealExplorerRow(page, file);
      await row.dblclick();
      await waitForEditorTab(page, file);
      await waitFor(async () => (await activeTabLabel(page)).startsWith(file), {
        timeoutMs: 30_000,
        description: `${file} to be the active editor`,
      });
    }

    it('shows the action for a PNG', async function () {
      this.timeout(90_000);
      const { page } = workbench();
      await openInPreview('X.PNG');
      const names = await waitFor(
        async () => {
          const shown = await editorTitleActionNames(page);
          return shown.includes(EXPLORER_ENTRY) ? shown : undefined;
        },
        { timeoutMs: 30_000, description: `"${EXPLORER_ENTRY}" in the title bar of X.PNG's preview` },
      );
      assert.ok(names.includes(EXPLORER_ENTRY));
    });

    it('does not show it for a GIF', async function () {
      this.timeout(90_000);
      const { page } = workbench();
      await openInPreview('anim.gif');
      // The title bar is rebuilt for the new editor; once it has other actions, ours must be absent.
      const names = await waitFor(
        async () => {
          const shown = await editorTitleActionNames(page);
          return shown.length > 0 && !shown.includes(EXPLORER_ENTRY) ? shown : undefined;
        },
        { timeoutMs: 30_000, description: `the title bar of anim.gif's preview without "${EXPLORER_ENTRY}"` },
      );
      assert.ok(!names.includes(EXPLORER_ENTRY), names.join(' | '));
      assert.ok((await activeTabLabel(page)).startsWith('anim.gif'));
    });
  });
});
