/**
 * What a client is given, checked again at every call (settings can change under a live client):
 * the API base, the asset bases and the key. A bad API base or key fails the call before anything
 * is sent; a bad asset base is only skipped.
 */
import { checkBaseUrl } from './endpoint';
import { isFluxReduxError } from './errors';
import type { ApiLog } from './exchange';
import { type FailureContext, badSettingFailure, missingKeyFailure, unusableKeyFailure } from './failures';

export function checkedApiBase(apiBaseUrl: string, operation: FailureContext['operation']): string {
  const checked = checkBaseUrl(apiBaseUrl, 'fluxRedux.apiBaseUrl');
  if (!checked.ok) {
    throw badSettingFailure(checked.problem, operation);
  }
  return checked.base;
}

export function usableAssetBases(assetBaseUrls: readonly string[], log: ApiLog): string[] {
  const usable: string[] = [];
  for (const base of assetBaseUrls) {
    const checked = checkBaseUrl(base, 'fluxRedux.assetBaseUrls');
    if (checked.ok) {
      usable.push(checked.base);
    } else {
      log.warn(`Skipping an asset base: ${checked.reason}`);
    }
  }
  return usable;
}

/** The key, trimmed; a failure of the key store that is not already ours reads as no key. */
export async function readApiKey(getApiKey: () => Promise<string>, operation: FailureContext['operation']): Promise<string> {
  let key = '';
  try {
    key = ((await getApiKey()) ?? '').trim();
  } catch (error) {
    if (isFluxReduxError(error)) {
      throw error;
    }
    key = '';
  }
  if (key === '') {
    throw missingKeyFailure(operation);
  }
  // A header with such characters makes fetch throw an error that quotes the value: the key.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw unusableKeyFailure(operation);
  }
  return key;
}
