import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { transportErrorCode } from '../../src/api/failures';
import { createNodeHttpFetch } from '../../src/api/nodeHttpFetch';
import { startEmulator } from '../emulator';
import { emulatorClient, pngBytes, sendJson, startTinyServer } from './api-helpers';

describe('api/nodeHttpFetch: the transport of the features call', function () {
  this.timeout(10_000);
  const nodeFetch = createNodeHttpFetch();

  it('answers like fetch: status, headers and body; the request goes out with its method, headers and body', async () => {
    const server = await startTinyServer((req, res) => sendJson(res, 201, { echo: req.body.toString('utf8') }, { 'x-record': 'r1' }));
    try {
      const response = await nodeFetch(`${server.url}/api/features?x=1`, { method: 'POST', headers: { 'API-KEY': 'k3y', 'Content-Type': 'application/json' }, body: '{"a":1}' });
      assert.equal(response.status, 201);
      assert.equal(response.ok, true);
      assert.equal(response.headers.get('x-record'), 'r1');
      assert.deepEqual(await response.json(), { echo: '{"a":1}' });
      const [request] = server.requests;
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/api/features?x=1');
      assert.equal(request.headers['api-key'], 'k3y');
    } finally {
      await server.close();
    }
  });

  it('sends a stream body, and gives a 204 no body', async () => {
    const server = await startTinyServer((req, res) => {
      res.writeHead(req.body.length === 6 ? 204 : 400);
      res.end();
    });
    try {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2, 3]));
          controller.enqueue(new Uint8Array([4, 5, 6]));
          controller.close();
        },
      });
      const init: RequestInit & { duplex: 'half' } = { method: 'POST', body, duplex: 'half' };
      const response = await nodeFetch(server.url, init);
      assert.equal(response.status, 204);
      assert.equal(response.body, null);
    } finally {
      await server.close();
    }
  });

  it('fails with the system error code when nothing listens, and ends on abort', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await nodeFetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    assert.equal(transportErrorCode(refused), 'ECONNREFUSED');

    const server = await startTinyServer(() => undefined);
    try {
      const controller = new AbortController();
      const pending = nodeFetch(server.url, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending);
    } finally {
      await server.close();
    }
  });

  it('waits for headers longer than a dispatcher’s headersTimeout would (undici gives up at 300 s)', async () => {
    const server = await startTinyServer((_req, res) => {
      setTimeout(() => sendJson(res, 200, { done: true }), 1_500);
    });
    try {
      const impatient = new Agent({ headersTimeout: 100 });
      const error = await undiciFetch(server.url, { dispatcher: impatient }).catch((caught: unknown) => caught);
      assert.equal(transportErrorCode(error), 'UND_ERR_HEADERS_TIMEOUT', 'the limit this transport avoids');
      await impatient.close();
      const response = await nodeFetch(server.url);
      assert.deepEqual(await response.json(), { done: true });
    } finally {
      await server.close();
    }
  });

  it('carries a whole run of the client against the emulator', async () => {
    const emulator = await startEmulator();
    try {
      const api = emulatorClient(emulator, { featuresFetch: nodeFetch });
      const { path } = await api.uploadAsset({ bytes: pngBytes(32, 32), fileName: 'a.png', mimeType: 'image/png' });
      const options = { format: 'png', aspect_ratio: '1:1', num_outputs: 1, num_inference_steps: 4, seed: 1, output_quality: 80, disable_safety_checker: false, megapixels: '0.25' } as const;
      const result = await api.generateVariations({ model: 'black-forest-labs/flux-redux-dev', imageUrl: path, options });
      assert.equal(result.resultPaths.length, 1);
      assert.equal((await api.downloadResult(result.resultPaths[0], result.temporaryUrl)).format, 'png');
    } finally {
      await emulator.close();
    }
  });
});
