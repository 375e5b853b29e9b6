/**
 * A fetch for tests that run without VS Code's proxy-aware global fetch: undici's fetch over an
 * EnvHttpProxyAgent, which honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY. The extension itself
 * passes VS Code's global fetch to the client instead.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';

export interface NodeFetchOptions {
  /** Overrides HTTP_PROXY / HTTPS_PROXY for both schemes. */
  proxy?: string;
  /** Overrides NO_PROXY (comma-separated hosts). */
  noProxy?: string;
  /** False turns off TLS certificate checks (like VS Code's http.proxyStrictSSL = false). */
  strictSSL?: boolean;
}

export function createNodeFetch(options: NodeFetchOptions = {}): typeof globalThis.fetch {
  let dispatcher: Dispatcher | undefined;
  const getDispatcher = (): Dispatcher => {
    dispatcher ??= new EnvHttpProxyAgent({
      ...(options.proxy ? { httpProxy: options.proxy, httpsProxy: options.proxy } : {}),
      ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
      ...(options.strictSSL === false ? { connect: { rejectUnauthorized: false } } : {}),
    });
    return dispatcher;
  };

  const nodeFetch = (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit): Promise<Response> =>
    // undici's own Request/Response types differ nominally from the DOM ones, not in behaviour.
    undiciFetch(input as never, { ...(init as object), dispatcher: getDispatcher() });
  return nodeFetch;
}
