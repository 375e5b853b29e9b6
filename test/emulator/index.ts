/**
 * A local stand-in for the 1min.ai API (api.1min.ai) and its asset host, for tests, `npm start`
 * and the benchmark. It follows shared/reference/1min-api-notes.md, quirks included; where the
 * notes guess, the emulator says so in a comment. Loopback only; no `vscode` here.
 *
 * Order inside one API request: read the whole body (throttled), record it, then an injected
 * transport fault (before the key check, so a fault can stand for any server answer), then the
 * key, then validation, then generationMs, then the generate-only reshaping faults.
 * Download faults hit the next request that would have served bytes (a presigned URL or base 1);
 * base 0 refuses result paths whatever is injected. 'refuse-all-bases' takes `times` result
 * paths and refuses them under every base until clearFaults() or reset().
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApiRequest } from './apiServer';
import { handleAssetRequest } from './assetServer';
import { EmulatorCore, type Latency, type RecordedRequest } from './core';
import type { Fault } from './faults';

export type { RecordedRequest } from './core';
export type { Fault, FaultKind, FaultEndpoint } from './faults';
export { TRANSPORT_FAULTS, GENERATE_FAULTS, DOWNLOAD_FAULTS, ASYNC_FAULTS, RESULT_FAULTS } from './faults';
export { ASPECT_RATIO_SIZES, outputSize } from './sizes';

export const DEFAULT_EMULATOR_API_KEY = 'emulator-test-key';

export interface EmulatorOptions {
  /** Accepted key; default 'emulator-test-key'. */
  apiKey?: string;
  /** Outputs dropped as if flagged by the safety checker (default 0). */
  withheld?: number;
  /** For the benchmark; all default 0. */
  latency?: Latency;
  log?: (line: string) => void;
  /** Fixed ports (the CLI's --port / --asset-port); default 0, any free port. */
  apiPort?: number;
  assetPort?: number;
}

export interface RecordTimes {
  uuid: string;
  acceptedAt: number;
  readyAt?: number;
}

export interface Emulator {
  /** http://127.0.0.1:<apiPort> */
  apiBaseUrl: string;
  /** Ordered like the real defaults: [0] refuses result paths, [1] serves them. */
  assetBaseUrls: string[];
  apiKey: string;
  requests: RecordedRequest[];
  /** Asset-server requests that carried an API-KEY header (must stay empty). */
  keyLeaks: RecordedRequest[];
  inFlightGenerations(): number;
  maxConcurrentGenerations(): number;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  setWithheld(n: number): void;
  /** The credits billed so far; answers show this one request late (core.ts, `answering`). */
  billedCredit(): number;
  setLatency(latency: EmulatorOptions['latency']): void;
  /**
   * When each record it still keeps was accepted and became final (epoch ms; readyAt unset while
   * PROCESSING): the benchmark's ideal counts the generation until then, in either mode.
   */
  recordTimes(): RecordTimes[];
  /** Asset paths (imageUrl values) it has issued, forgotten ones included. */
  uploadedPaths(): string[];
  /** Afterwards the imageUrl of earlier uploads is "unknown" to the features call. */
  forgetUploads(): void;
  /**
   * Empties requests and keyLeaks, drops faults, resets the concurrency counter (asynchronous
   * jobs still running, left by a cancelled run, stop counting; they still finish).
   */
  reset(): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function serverFor(
  core: EmulatorCore,
  handle: (core: EmulatorCore, req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Server {
  const server = createServer((req, res) => {
    handle(core, req, res).catch((error: unknown) => {
      core.log(`emulator error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'Emulator internal error' }));
      } else {
        res.destroy();
      }
    });
  });
  // Generations can take minutes in real life; never let Node's own timeouts cut a test short.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 1000;
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const core = new EmulatorCore(
    options.apiKey ?? DEFAULT_EMULATOR_API_KEY,
    options.withheld ?? 0,
    { ...options.latency },
    options.log ?? (() => undefined),
  );
  const apiServer = serverFor(core, handleApiRequest);
  const assetServer = serverFor(core, handleAssetRequest);
  const apiPort = await listen(apiServer, options.apiPort ?? 0);
  const assetPort = await listen(assetServer, options.assetPort ?? 0).catch(async (error: unknown) => {
    await closeServer(apiServer);
    throw error;
  });
  core.apiOrigin = `http://127.0.0.1:${apiPort}`;
  core.assetOrigin = `http://127.0.0.1:${assetPort}`;
  let closing: Promise<void> | undefined;

  return {
    apiBaseUrl: core.apiOrigin,
    assetBaseUrls: core.assetBaseUrls,
    apiKey: core.apiKey,
    requests: core.requests,
    keyLeaks: core.keyLeaks,
    inFlightGenerations: () => core.inFlight,
    maxConcurrentGenerations: () => core.maxInFlight,
    injectFault: (fault) => core.faults.add(fault),
    clearFaults: () => {
      core.faults.clear();
      core.refusedPaths.clear();
    },
    billedCredit: () => core.usedCredit,
    setWithheld: (n) => {
      core.withheld = n;
    },
    setLatency: (latency) => {
      core.latency = { ...latency };
    },
    recordTimes: () => [...core.records.values()].map(({ uuid, acceptedAt, readyAt }) => ({ uuid, acceptedAt, readyAt })),
    uploadedPaths: () => [...core.issuedPaths],
    forgetUploads: () => core.uploads.clear(),
    reset: () => {
      core.requests.splice(0);
      core.keyLeaks.splice(0);
      core.faults.clear();
      core.refusedPaths.clear();
      core.uncountJobs();
      core.maxInFlight = core.inFlight;
    },
    close: () => {
      closing ??= (async () => {
        core.lifetime.close();
        await Promise.all([closeServer(apiServer), closeServer(assetServer), core.allResponsesClosed()]);
      })();
      return closing;
    },
  };
}
