import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { MODELS, type ModelId } from './options/types';

const DEFAULT_API_BASE = 'https://api.1min.ai';
const DEFAULT_ASSET_BASES = ['https://asset.1min.ai', 'https://s3.us-east-1.amazonaws.com/asset.1min.ai'];

export interface ExtensionConfig {
  model: ModelId;
  apiBaseUrl: string;
  assetBaseUrls: string[];
  saveFolder: string;
  requestTimeoutMs: number;
  concurrency: number;
  /** fluxRedux.uploadEarly: the user's own choice, as it sends the image before they confirm. */
  uploadEarly: boolean;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

/**
 * Where the key goes must be the user's decision, not a workspace's: only the user (global)
 * value or the default counts, even if a workspace file sets it anyway.
 */
function userOrDefault<T>(key: string, fallback: T): T {
  const inspected = section().inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function isModel(value: unknown): value is ModelId {
  return typeof value === 'string' && (MODELS as readonly string[]).includes(value);
}

export function readConfig(): ExtensionConfig {
  const config = section();
  const model = config.get<unknown>('model');
  const assetBases = userOrDefault<unknown>('assetBaseUrls', DEFAULT_ASSET_BASES);
  const timeoutSeconds = config.get<number>('requestTimeoutSeconds', 300);
  const concurrency = config.get<number>('concurrency', 2);
  return {
    model: isModel(model) ? model : MODELS[0],
    apiBaseUrl: String(userOrDefault<unknown>('apiBaseUrl', DEFAULT_API_BASE) || DEFAULT_API_BASE),
    assetBaseUrls:
      Array.isArray(assetBases) && assetBases.every((b) => typeof b === 'string') && assetBases.length > 0
        ? assetBases
        : DEFAULT_ASSET_BASES,
    saveFolder: config.get<string>('saveFolder', 'variations'),
    requestTimeoutMs: Math.max(10, Number.isFinite(timeoutSeconds) ? timeoutSeconds : 300) * 1000,
    concurrency: Math.max(1, Math.min(8, Math.floor(Number.isFinite(concurrency) ? concurrency : 2))),
    uploadEarly: userOrDefault<unknown>('uploadEarly', false) === true,
  };
}

/** Raw reads for the option defaults (validated by src/options). */
export function readSetting(key: string): unknown {
  return section().get<unknown>(key);
}

export function onDidChangeConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) {
      listener();
    }
  });
}
