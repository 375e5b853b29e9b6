/**
 * A fetch for tests that run without VS Code's proxy-aware global fetch: undici's fetch over an
 * EnvHttpProxyAgent, which honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY. The extension itself
 * passes VS Code's global fetch to the client instead.
 */

export interface NodeFetchOptions {
  /** Overrides HTTP_PROXY / HTTPS_PROXY for both schemes. */
  proxy?: string;
  /** Overrides NO_PROXY (comma-separated hosts). */
  noProxy?: string;
  /** False turns off TLS certificate checks (like VS Code's http.proxyStrictSSL = false). */
  strictSSL?: boolean;
}

type UndiciModule = typeof import('undici');

let undiciModule: UndiciModule | undefined;

/** undici is loaded on first use so that code paths that never fetch do not pay for it. */
function loadUndici(): UndiciModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  undiciModule ??= require('undici') as UndiciModule;
  return undiciModule;
}

export function createNodeFetch(options: NodeFetchOptions = {}): typeof globalThis.fetch {
  let dispatcher: import('undici').Dispatcher | undefined;
  const getDispatcher = (): import('undici').Dispatcher => {
    if (!dispatcher) {
      const { EnvHttpProxyAgent } = loadUndici();
      dispatcher = new EnvHttpProxyAgent({
        ...(options.proxy ? { httpProxy: options.proxy, httpsProxy: options.proxy } : {}),
        ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
        ...(options.strictSSL === false ? { connect: { rejectUnauthorized: false } } : {}),
      });
    }
    return dispatcher;
  };

  const nodeFetch = (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit): Promise<Response> => {
    const { fetch } = loadUndici();
    // undici's own Request/Response types differ nominally from the DOM ones, not in behaviour.
    return fetch(input as never, { ...(init as object), dispatcher: getDispatcher() } as never) as unknown as Promise<Response>;
  };
  return nodeFetch as typeof globalThis.fetch;
}
