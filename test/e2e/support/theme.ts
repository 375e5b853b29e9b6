/** Colour themes by kind, as user settings, and how to tell which kind the workbench shows. */
import type { Page } from 'playwright-core';

export type ColorTheme = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** VS Code 1.100's built-in defaults for each kind. */
const THEME_NAMES: Record<ColorTheme, string> = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  'high-contrast': 'Default High Contrast',
  'high-contrast-light': 'Default High Contrast Light',
};

/** The class the workbench's root element carries for each kind of theme. */
const WORKBENCH_CLASS: Record<ColorTheme, string> = {
  light: 'vs',
  dark: 'vs-dark',
  'high-contrast': 'hc-black',
  'high-contrast-light': 'hc-light',
};

export function themeSettings(theme: ColorTheme): Record<string, unknown> {
  return { 'workbench.colorTheme': THEME_NAMES[theme] };
}

/** Resolves once the workbench has applied a theme of this kind. */
export async function waitForTheme(page: Page, theme: ColorTheme, timeoutMs = 30_000): Promise<void> {
  await page.locator(`.monaco-workbench.${WORKBENCH_CLASS[theme]}`).first().waitFor({ state: 'attached', timeout: timeoutMs });
}
