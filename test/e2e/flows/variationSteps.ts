/**
 * The steps of "Create Variations" as a person walks them with the keyboard. Each answer waits
 * for its step to show first (the title carries "n/N"), so no key lands on the step before.
 */
import type { Page } from 'playwright-core';
import { enterQuickInputText, pickQuickPickItem, waitFor, waitForQuickInput } from '../support';

const WIDGET = '.quick-input-widget';

/** VS Code's "Back" in quick inputs on Linux (workbench.action.quickInputBack). */
const BACK_KEY = 'Control+Alt+Minus';

export async function quickInputTitle(page: Page): Promise<string> {
  return (await page.locator(`${WIDGET} .quick-input-title`).textContent()) ?? '';
}

/** Waits until the quick input shows step `step` of the walk (as a list, or as a text box). */
export async function waitForStep(page: Page, step: number, kind: 'list' | 'input' = 'list', timeoutMs = 30_000): Promise<void> {
  await waitForQuickInput(page, timeoutMs);
  await waitFor(
    async () => {
      const title = await quickInputTitle(page);
      if (!new RegExp(`\\(${step}/\\d+\\)`).test(title)) {
        return undefined;
      }
      const listShows = await page.locator(`${WIDGET} .quick-input-list .monaco-list-row`).first().isVisible();
      return (kind === 'list') === listShows ? true : undefined;
    },
    { timeoutMs, description: `step ${step} of the quick input as a ${kind}` },
  );
}

/**
 * Waits until step `step` asks the question whose placeholder matches `asks`: the format step
 * asks a second question (quality) under the same number, so the number alone cannot tell them apart.
 */
export async function waitForQuestion(page: Page, step: number, asks: RegExp, timeoutMs = 30_000): Promise<void> {
  await waitForStep(page, step, 'list', timeoutMs);
  await waitFor(
    async () => asks.test((await page.locator(`${WIDGET} .quick-input-box input`).getAttribute('placeholder')) ?? '') || undefined,
    { timeoutMs, description: `step ${step} to ask ${String(asks)}` },
  );
}

/** The label the cursor is on now. */
export async function focusedItemLabel(page: Page): Promise<string | undefined> {
  const focused = page.locator(`${WIDGET} .quick-input-list .monaco-list-row.focused .label-name`);
  return (await focused.count()) > 0 ? ((await focused.first().textContent()) ?? undefined) : undefined;
}

export async function pickAtStep(page: Page, step: number, label: string): Promise<void> {
  await waitForStep(page, step, 'list');
  await pickQuickPickItem(page, label);
}

export async function typeAtStep(page: Page, step: number, text: string): Promise<void> {
  await waitForStep(page, step, 'input');
  await enterQuickInputText(page, text);
}

async function showsStep(page: Page, step: number, kind: 'list' | 'input'): Promise<boolean> {
  return waitForStep(page, step, kind, 3_000).then(
    () => true,
    () => false,
  );
}

/**
 * Presses Back and waits for the step it leads to. A Back pressed in the first instant after a
 * step appears can be lost (the widget is shown before VS Code routes the key to it), so it is
 * pressed again, but only while the same step is still showing, never past the target.
 */
export async function goBack(page: Page, toStep: number, kind: 'list' | 'input' = 'list'): Promise<void> {
  const fromTitle = await quickInputTitle(page);
  const fromKind = (await page.locator(`${WIDGET} .quick-input-list .monaco-list-row`).first().isVisible()) ? 'list' : 'input';
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await page.keyboard.press(BACK_KEY);
    if (await showsStep(page, toStep, kind)) {
      return;
    }
    const stillThere = (await quickInputTitle(page)) === fromTitle &&
      ((await page.locator(`${WIDGET} .quick-input-list .monaco-list-row`).first().isVisible()) ? 'list' : 'input') === fromKind;
    if (!stillThere) {
      break;
    }
  }
  await waitForStep(page, toStep, kind);
}
