import assert from 'node:assert/strict';
import { revealExplorerRow, takeScreenshot, useWorkbench, waitForCommand } from './support';

describe('Harness smoke: the real workbench with the extension loaded', () => {
  const workbench = useWorkbench({ label: 'harness-smoke' });

  it('shows the fixture workspace in the Explorer', async () => {
    const row = await revealExplorerRow(workbench().page, 'cat.png');
    assert.equal(await row.getAttribute('aria-label'), 'cat.png');
  });

  it('lists "Flux Redux: Create Variations…" in the command palette', async function () {
    this.timeout(120_000);
    await waitForCommand(workbench().page, 'Flux Redux: Create Variations…');
    await takeScreenshot(workbench().page, 'harness-smoke-workbench');
  });
});
