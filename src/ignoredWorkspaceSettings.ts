/**
 * Finds the user-only settings (USER_ONLY_SETTINGS) that a workspace's settings files set anyway,
 * so the log can say those values are ignored. VS Code drops application-scoped keys from the
 * workspace layer before an extension sees it (`inspect()` shows no workspace value), so the
 * files themselves are read: a folder's `.vscode/settings.json`, a `.code-workspace` file's
 * `settings`. Plain code: the texts arrive from src/vscodeConfig.ts.
 */
import { USER_ONLY_SETTINGS, type SettingKey } from './config';
import { CONFIG_SECTION } from './constants';

/** One settings file's text, and whether the settings sit under `settings` (a workspace file). */
export interface SettingsFileText {
  text: string;
  kind: 'folderSettings' | 'workspaceFile';
}

/**
 * The object a settings file holds, read as VS Code reads it (JSON with comments and trailing
 * commas), or undefined when it does not parse: a file being typed is no reason to log anything.
 */
export function parseSettingsText(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(withoutCommentsAndTrailingCommas(text)));
  } catch {
    return undefined;
  }
}

function withoutCommentsAndTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (char === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    } else if (char === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) === -1 ? text.length : text.indexOf('*/', i + 2) + 2;
    } else {
      out += char;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/** The index just past the string literal that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    i += text[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Set as `"fluxRedux.key"`, or nested as `"fluxRedux": { "key" }`, which VS Code reads too. */
function setsKey(settings: Record<string, unknown>, key: SettingKey): boolean {
  return settings[`${CONFIG_SECTION}.${key}`] !== undefined || asObject(settings[CONFIG_SECTION])?.[key] !== undefined;
}

/** The user-only settings any of these files sets, in USER_ONLY_SETTINGS order. Values are never kept. */
export function ignoredWorkspaceSettings(files: readonly SettingsFileText[]): SettingKey[] {
  const settingsObjects = files.flatMap((file) => {
    const parsed = parseSettingsText(file.text);
    const settings = file.kind === 'workspaceFile' ? asObject(parsed?.settings) : parsed;
    return settings ? [settings] : [];
  });
  return USER_ONLY_SETTINGS.filter((key) => settingsObjects.some((settings) => setsKey(settings, key)));
}

/** The log line for one ignored workspace value: the setting's name, never its value. */
export function ignoredWorkspaceSettingMessage(key: SettingKey): string {
  return `${CONFIG_SECTION}.${key} is set in this workspace's settings; that value is ignored and your user setting (or the default) applies, as this setting is read from user settings only.`;
}

/**
 * Logs the ignored settings when the list differs from the one last logged: once at activation,
 * once after a change of the workspace's settings, not again on every unrelated change.
 */
export class IgnoredSettingsReporter {
  private lastReported: readonly SettingKey[] = [];

  constructor(private readonly log: (message: string) => void) {}

  report(ignored: readonly SettingKey[]): void {
    if (ignored.join() === this.lastReported.join()) {
      return;
    }
    this.lastReported = ignored;
    for (const key of ignored) {
      this.log(ignoredWorkspaceSettingMessage(key));
    }
  }
}
