import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createNodeFetch } from './support/nodeFetch';
import { startTinyServer, sendJson } from './api-helpers';

/** A loopback HTTP proxy that tunnels CONNECT requests and remembers where they went. */
async function startTunnelProxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

describe('support/nodeFetch', function () {
  this.timeout(10_000);

  it('fetches directly when no proxy applies', async () => {
    const target = await startTinyServer((_req, res) => sendJson(res, 200, { hello: 'world' }));
    try {
      const fetch = createNodeFetch({ noProxy: '*' });
      const response = await fetch(`${target.url}/x`);
      assert.deepEqual(await response.json(), { hello: 'world' });
      assert.equal(target.requests.length, 1);
    } finally {
      await target.close();
    }
  });

  it('goes through the given proxy, and around it for NO_PROXY hosts', async () => {
    const target = await startTinyServer((req, res) => sendJson(res, 200, { path: req.url }));
    const proxy = await startTunnelProxy();
    try {
      const viaProxy = createNodeFetch({ proxy: proxy.url, noProxy: '' });
      const response = await viaProxy(`${target.url}/through`);
      assert.deepEqual(await response.json(), { path: '/through' });
      assert.deepEqual(proxy.targets, [new URL(target.url).host]);

      const bypass = createNodeFetch({ proxy: proxy.url, noProxy: '127.0.0.1' });
      const direct = await bypass(`${target.url}/around`);
      assert.deepEqual(await direct.json(), { path: '/around' });
      assert.equal(proxy.targets.length, 1, 'the NO_PROXY host was not tunnelled');
    } finally {
      await proxy.close();
      await target.close();
    }
  });
});
