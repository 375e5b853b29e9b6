import * as vscode from 'vscode';
import type { ApiKeyService } from '../apiKey';
import { type AsyncRefusals, OneMinClient, type PollGate } from '../api/client';
import { missingKeyFailure } from '../api/failures';
import { createNodeHttpFetch } from '../api/nodeHttpFetch';
import type { ReadyTimes } from '../api/readyTimes';
import { readConfig } from '../vscodeConfig';
import type { VariationClient } from './generationRun';

export interface ClientFactoryDeps {
  keys: ApiKeyService;
  log: vscode.LogOutputChannel;
  /** One for the window: every client's polls share it (one a second across all runs). */
  pollGate: PollGate;
  asyncRefusals: AsyncRefusals;
  /** What the windows learnt of when records are ready, per API origin (readyTimesMemory.ts). */
  readyTimes: { of(apiOrigin: string): ReadyTimes };
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
                // The client's own words for it: one sentence, however the key went missing.
                throw missingKeyFailure();
              }
              return key;
            },
            apiBaseUrl: config.apiBaseUrl,
            assetBaseUrls: config.assetBaseUrls,
            requestTimeoutMs: config.requestTimeoutMs,
            generationMode: config.generationMode,
            pollGate: deps.pollGate,
            // Outlives the clients (settings changes make new ones); another API learns apart.
            readyTimes: deps.readyTimes.of(originOf(config.apiBaseUrl)),
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
      return originOf(readConfig().apiBaseUrl);
    },
    invalidate() {
      cached = undefined;
    },
  };
}

function originOf(apiBaseUrl: string): string {
  try {
    return new URL(apiBaseUrl).origin;
  } catch {
    return apiBaseUrl;
  }
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
