import * as vscode from 'vscode';
import type { ApiKeyService } from '../apiKey';
import { type AsyncRefusals, OneMinClient, type PollGate } from '../api/client';
import { createNodeHttpFetch } from '../api/nodeHttpFetch';
import { FluxReduxError, isFluxReduxError } from '../api/errors';
import { readConfig } from '../vscodeConfig';
import { errorMessage } from '../shared/errorMessage';
import type { ActionId } from '../shared/protocol';
import type { FailureDescription, VariationClient } from './generationRun';
import { CancelledWhileQueuedError } from './queue';
import { fetchLaterAfter } from './runActions';

export interface ClientFactoryDeps {
  keys: ApiKeyService;
  log: vscode.LogOutputChannel;
  /** One for the window: every client's polls share it (one a second across all runs). */
  pollGate: PollGate;
  asyncRefusals: AsyncRefusals;
}

export interface ClientFactory {
  /** One client per settings: it remembers which asset base worked, so it is kept. */
  current(): VariationClient;
  apiOrigin(): string;
  invalidate(): void;
}

export function createClientFactory(deps: ClientFactoryDeps): ClientFactory {
  let cached: { key: string; client: OneMinClient } | undefined;
  const featuresFetch = createNodeHttpFetch();
  return {
    current() {
      const config = readConfig();
      const cacheKey = JSON.stringify([config.apiBaseUrl, config.assetBaseUrls, config.requestTimeoutMs, config.generationMode]);
      if (!cached || cached.key !== cacheKey) {
        cached = {
          key: cacheKey,
          client: new OneMinClient({
            // VS Code's global fetch carries the user's proxy settings, PAC scripts and system
            // certificates; a bundled HTTP client would not.
            fetch: globalThis.fetch.bind(globalThis),
            featuresFetch,
            getApiKey: async () => {
              const key = await deps.keys.current();
              if (!key) {
                throw new FluxReduxError({
                  kind: 'missing-key',
                  message: vscode.l10n.t('No 1min.ai API key is set. Run "Flux Redux: Set API Key…" and try again.'),
                  action: 'setApiKey',
                });
              }
              return key;
            },
            apiBaseUrl: config.apiBaseUrl,
            assetBaseUrls: config.assetBaseUrls,
            requestTimeoutMs: config.requestTimeoutMs,
            generationMode: config.generationMode,
            pollGate: deps.pollGate,
            asyncRefusals: deps.asyncRefusals,
            log: {
              info: (m) => deps.log.info(m),
              warn: (m) => deps.log.warn(m),
              error: (m) => deps.log.error(m),
            },
          }),
        };
      }
      return cached.client;
    },
    apiOrigin() {
      try {
        return new URL(readConfig().apiBaseUrl).origin;
      } catch {
        return readConfig().apiBaseUrl;
      }
    },
    invalidate() {
      cached = undefined;
    },
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/** A run against a server on this machine is not the real model; the gallery says so. */
export function emulatorNoticeFor(apiOrigin: string): string | undefined {
  try {
    const url = new URL(apiOrigin);
    if (LOOPBACK.test(url.hostname)) {
      return vscode.l10n.t(
        'Local emulator at {0}: these images come from a stand-in server on this machine, not from the Flux Redux model.',
        url.host,
      );
    }
  } catch {
    // Not a URL: nothing to label.
  }
  return undefined;
}

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof CancelledWhileQueuedError) {
    return { message: error.message, kind: 'cancelled', actions: [], cancelled: true, unknownAsset: false };
  }
  if (isFluxReduxError(error)) {
    const actions: ActionId[] = [];
    if (fetchLaterAfter(error)) {
      actions.push('fetchLater');
    }
    if (error.action) {
      actions.push(error.action);
    }
    if (!actions.includes('showLog')) {
      actions.push('showLog');
    }
    const recordNote = error.recordId ? ` ${vscode.l10n.t('Server record: {0}.', error.recordId)}` : '';
    return {
      message: `${error.message}${recordNote}`,
      kind: error.kind,
      actions,
      cancelled: error.kind === 'cancelled',
      unknownAsset: error.kind === 'unknown-asset',
    };
  }
  const message = errorMessage(error);
  return {
    message: vscode.l10n.t('Something unexpected went wrong: {0}. The log has details.', message),
    kind: 'internal',
    actions: ['showLog'],
    cancelled: false,
    unknownAsset: false,
  };
}
