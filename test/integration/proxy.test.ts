import * as assert from 'node:assert/strict';
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator';
import { activeExtension, setUserSetting, writeWorkspaceFile } from './support/extension';
import { gradientPng } from './support/pngFixture';

/**
 * A plain forward proxy for http: URLs that remembers what went through it. It is the only road
 * to 127.0.0.2 (nothing listens there; it forwards to 127.0.0.1), so a request that bypassed it
 * fails. VS Code's proxy resolver sends 127.0.0.1 and localhost direct, 127.0.0.2 it does not.
 */
async function startForwardProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('absolute URL expected');
      return;
    }
    if (target.hostname === '127.0.0.2') {
      target.hostname = '127.0.0.1';
    }
    const upstream = http.request(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  // undici's proxy agent tunnels every request, http: ones too, through CONNECT.
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${request.url}`);
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host === '127.0.0.2' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function behindProxy(url: string): string {
  return url.replace('//127.0.0.1:', '//127.0.0.2:');
}

describe('Corporate proxies', () => {
  let emulator: Emulator;
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;

  before(async () => {
    emulator = await startEmulator();
    proxy = await startForwardProxy();
    await setUserSetting('fluxRedux.apiBaseUrl', behindProxy(emulator.apiBaseUrl));
    await setUserSetting('fluxRedux.assetBaseUrls', emulator.assetBaseUrls.map(behindProxy));
    await setUserSetting('http.proxy', proxy.url);
    await setUserSetting('http.proxySupport', 'override');
    await activeExtension();
    await vscode.commands.executeCommand('fluxRedux.setApiKey', emulator.apiKey);
  });

  after(async () => {
    await setUserSetting('http.proxy', undefined);
    await setUserSetting('http.proxySupport', undefined);
    await setUserSetting('fluxRedux.apiBaseUrl', undefined);
    await setUserSetting('fluxRedux.assetBaseUrls', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await proxy?.close();
    await emulator?.close();
  });

  it('sends the API calls and downloads through VS Code\'s http.proxy', async () => {
    const source = await writeWorkspaceFile('proxy/lamp.png', gradientPng(40, 40));
    const result = await vscode.commands.executeCommand<{ results: vscode.Uri[] }>('fluxRedux.createVariations', source, {
      num_outputs: 2,
    });
    assert.equal(result.results.length, 2);
    // Nothing listens on 127.0.0.2: every answer the run got came through the proxy.
    const api = new URL(behindProxy(emulator.apiBaseUrl));
    const asset = new URL(behindProxy(emulator.assetBaseUrls[1]));
    const through = (host: string) => proxy.seen.some((line) => line === `CONNECT ${host}` || line.includes(`//${host}/`));
    assert.ok(through(api.host), `API calls via the proxy; it saw: ${proxy.seen.join(', ')}`);
    assert.ok(through(asset.host), 'downloads via the proxy');
    assert.ok(emulator.requests.some((r) => r.path === '/api/features'), 'the emulator answered the features call');
  });
});
