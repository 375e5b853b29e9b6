import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FluxReduxTestApi } from '../../../src/extension';
import { startEmulator, type Emulator } from '../../emulator';

export const EXTENSION_ID = 'fluxredux.flux-redux-variations';

export async function activeExtension(): Promise<FluxReduxTestApi> {
  const extension = vscode.extensions.getExtension<FluxReduxTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returned its API (activation did not fail)');
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with a workspace folder open');
  return folder.uri;
}

export async function writeWorkspaceFile(relativePath: string, bytes: Uint8Array): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Polls a condition; tests wait for states, never for fixed times. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function setUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
}

/** Sends the extension's API and downloads to a local emulator (user settings, as a user would). */
export async function pointAtEmulator(emulator: { apiBaseUrl: string; assetBaseUrls: string[] }): Promise<void> {
  await setUserSetting('fluxRedux.apiBaseUrl', emulator.apiBaseUrl);
  await setUserSetting('fluxRedux.assetBaseUrls', emulator.assetBaseUrls);
}

export async function forgetEmulator(): Promise<void> {
  await setUserSetting('fluxRedux.apiBaseUrl', undefined);
  await setUserSetting('fluxRedux.assetBaseUrls', undefined);
}

/** A suite's start: a fresh emulator, the extension pointed at it and holding its key. */
export async function connectToEmulator(): Promise<{ emulator: Emulator; api: FluxReduxTestApi }> {
  const emulator = await startEmulator();
  await pointAtEmulator(emulator);
  const api = await activeExtension();
  await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
  return { emulator, api };
}

/** A suite's end: its galleries closed, the settings back to the user's, the emulator stopped. */
export async function disconnectFromEmulator(emulator: Emulator | undefined): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await forgetEmulator();
  await emulator?.close();
}

/**
 * Whether a log file of this extension host (the extension's own channel and its neighbours)
 * holds `text` yet: channels write to disk a little after the call, so callers wait for it.
 */
export function logsSay(logUri: vscode.Uri, text: string): boolean {
  const search = (at: string): boolean => {
    const stat = fs.statSync(at, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      return fs.readdirSync(at).some((entry) => search(path.join(at, entry)));
    }
    return !!stat?.isFile() && at.endsWith('.log') && fs.readFileSync(at, 'utf8').includes(text);
  };
  return search(path.dirname(logUri.fsPath));
}
