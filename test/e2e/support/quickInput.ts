/**
 * Quick picks and input boxes (`.quick-input-widget`), answered with the keyboard as a person
 * would: type to filter, arrows to the item, Enter.
 */
import type { Locator, Page } from 'playwright-core';
import type { PageElement } from '../../harness/pageDom';
import { waitFor } from '../../harness/wait';

const WIDGET = '.quick-input-widget';
const ROWS = `${WIDGET} .quick-input-list .monaco-list-row`;

/** Waits for a quick pick or input box to show; returns its text field. */
export async function waitForQuickInput(page: Page, timeoutMs = 30_000): Promise<Locator> {
  await page.locator(WIDGET).waitFor({ state: 'visible', timeout: timeoutMs });
  const input = page.locator(`${WIDGET} .quick-input-box input`);
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  return input;
}

export async function waitForQuickInputClosed(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.locator(WIDGET).waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** The labels of the rows the quick pick shows now, top to bottom. */
export async function quickInputRowLabels(page: Page): Promise<string[]> {
  return page
    .locator(ROWS)
    .evaluateAll((rows: PageElement[]) =>
      rows
        .map((row) => ({ top: row.getBoundingClientRect().top, label: row.querySelector('.label-name')?.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((row) => row.label),
    );
}

/** The title (prompt/placeholder) of the quick input showing now, to check which step is asked. */
export async function quickInputPlaceholder(page: Page): Promise<string> {
  await waitForQuickInput(page);
  return (await page.locator(`${WIDGET} .quick-input-box input`).getAttribute('placeholder')) ?? '';
}

async function focusedLabel(page: Page): Promise<string | undefined> {
  const focused = page.locator(`${ROWS}.focused .label-name`);
  return (await focused.count()) > 0 ? ((await focused.first().textContent()) ?? undefined) : undefined;
}

/**
 * Makes the row labelled `label` rendered: long lists render only the rows in view, so when it
 * is not among them the label is typed into the filter. Returns the labels shown then.
 */
async function showRow(page: Page, input: Locator, label: string, timeoutMs: number): Promise<string[]> {
  await page.locator(ROWS).first().waitFor({ state: 'visible', timeout: timeoutMs });
  // A multi-step flow may still be showing the previous step for a moment: give the row a
  // chance to appear unfiltered before typing into whatever is showing.
  const rowLabel = page.locator(`${ROWS} .label-name`).filter({ hasText: label }).first();
  await rowLabel.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 3_000) }).catch(() => undefined);
  const labels = await quickInputRowLabels(page);
  if (labels.includes(label)) {
    return labels;
  }
  await input.fill(label);
  return waitFor(
    async () => {
      const shown = await quickInputRowLabels(page);
      return shown.includes(label) ? shown : undefined;
    },
    { timeoutMs: Math.min(timeoutMs, 5_000), description: `the quick pick item "${label}" (shown before filtering: ${labels.join(' | ')})` },
  );
}

/**
 * Picks the item labelled exactly `label` (codicons like "$(check)" are not part of the label),
 * moving the focus with the arrow keys and accepting with Enter.
 */
export async function pickQuickPickItem(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const input = await waitForQuickInput(page, timeoutMs);
  const labels = await showRow(page, input, label, timeoutMs);
  // Bounded: at most one full lap over the rows shown.
  for (let step = 0; step <= labels.length; step += 1) {
    if ((await focusedLabel(page)) === label) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`Could not move the focus to "${label}" in the quick pick`);
}

/** Picks several items of a multi-select quick pick (Space toggles), then accepts with Enter. */
export async function pickQuickPickItems(page: Page, labels: string[], timeoutMs = 30_000): Promise<void> {
  await waitForQuickInput(page, timeoutMs);
  const shown = await quickInputRowLabels(page);
  for (const label of labels) {
    if (!shown.includes(label)) {
      throw new Error(`The quick pick has no item "${label}" (it shows: ${shown.join(' | ')})`);
    }
  }
  const remaining = new Set(labels);
  for (let step = 0; step <= shown.length && remaining.size > 0; step += 1) {
    const current = await focusedLabel(page);
    if (current !== undefined && remaining.has(current)) {
      await page.keyboard.press('Space');
      remaining.delete(current);
    }
    if (remaining.size > 0) {
      await page.keyboard.press('ArrowDown');
    }
  }
  await page.keyboard.press('Enter');
}

/** Accepts whatever the quick pick or input box offers now (its default). */
export async function acceptQuickInput(page: Page, timeoutMs = 30_000): Promise<void> {
  await waitForQuickInput(page, timeoutMs);
  await page.keyboard.press('Enter');
}

/** Types `text` into an input box (replacing what is there) and presses Enter. */
export async function enterQuickInputText(page: Page, text: string, timeoutMs = 30_000): Promise<void> {
  const input = await waitForQuickInput(page, timeoutMs);
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** Closes the quick input with Escape, as a person cancelling. */
export async function cancelQuickInput(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await waitForQuickInputClosed(page);
}
