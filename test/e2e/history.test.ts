import assert from 'node:assert/strict';
import { runCommand, takeScreenshot, useWorkbench, webviewFrame } from './support';

describe('The history view in the real workbench', () => {
  const workbench = useWorkbench({ label: 'history' });

  it('opens from Show History with its filter box', async function () {
    this.timeout(120_000);
    const page = workbench().page;
    const messages: string[] = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    await runCommand(page, 'Flux Redux: Show History');
    const filter = webviewFrame(page).locator('input.filter');
    try {
      await filter.waitFor({ state: 'visible', timeout: 30_000 });
    } finally {
      await takeScreenshot(page, 'history-view');
    }
    assert.equal(await filter.getAttribute('type'), 'search');
  });
});
