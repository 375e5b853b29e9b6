/**
 * Reads and writes `fluxRedux.presets` through VS Code. The user's and the workspace's values are
 * read apart (presets.ts merges them), so Restricted Mode can leave the workspace's out whatever
 * VS Code merges; new presets go into the user's settings, never into a repository's.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants';
import { PRESETS_SETTING, readPresets, type PresetsReading } from './presets';
import type { ScriptOptions } from './validate';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

export function readPresetsSetting(): PresetsReading {
  const inspected = section().inspect<unknown>(PRESETS_SETTING);
  return readPresets({ user: inspected?.globalValue, workspace: inspected?.workspaceValue }, vscode.workspace.isTrusted);
}

/** The user's own presets as written, to add one without touching the rest. */
export function userPresetsValue(): Record<string, unknown> {
  const value = section().inspect<unknown>(PRESETS_SETTING)?.globalValue;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

export async function saveUserPreset(name: string, options: ScriptOptions): Promise<void> {
  await section().update(PRESETS_SETTING, { ...userPresetsValue(), [name]: options }, vscode.ConfigurationTarget.Global);
}
