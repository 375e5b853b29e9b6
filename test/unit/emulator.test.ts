import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ASPECT_RATIO_SIZES, startEmulator, type Emulator } from '../emulator';
import { renderResultImage } from '../emulator/images';
import { readImageInfo, requestFeatures, uploadAsset, variatorBody, waitFor } from '../emulator/testkit';
import { assetBody, generationBody, refusalBody } from './emulator-answers';

let SOURCE: Buffer;
let OTHER_SOURCE: Buffer;

before(async () => {
  const png = async (text: string, seed: number) =>
    (await renderResultImage({ source: Buffer.from(text), seed, index: 0, width: 40, height: 30, format: 'png', quality: 80 })).bytes;
  SOURCE = await png('a source image', 1);
  OTHER_SOURCE = await png('another source', 2);
});

async function download(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(url, { headers });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('API emulator: documented success path', function () {
  // Encoding 1 MP images takes a moment on a busy machine.
  this.timeout(15_000);
  let emulator: Emulator;
  let imageUrl: string;

  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    emulator.reset();
    emulator.setWithheld(0);
    imageUrl = assetBody(await uploadAsset(emulator, SOURCE)).fileContent.path;
  });

  async function run(promptObject: Record<string, unknown>): Promise<string[]> {
    const answer = await requestFeatures(emulator, variatorBody({ imageUrl, ...promptObject }));
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    return generationBody(answer).aiRecord.aiRecordDetail.resultObject;
  }

  async function fetchResult(resultPath: string): Promise<Buffer> {
    const got = await download(`${emulator.assetBaseUrls[1]}/${resultPath}`);
    assert.equal(got.status, 200);
    return got.bytes;
  }

  it('listens on loopback, API and assets on different origins', () => {
    assert.match(emulator.apiBaseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emulator.assetBaseUrls.length, 2);
    for (const base of emulator.assetBaseUrls) {
      assert.match(base, /^http:\/\/127\.0\.0\.1:\d+/);
      assert.notEqual(new URL(base).origin, emulator.apiBaseUrl);
    }
    assert.equal(emulator.apiKey, 'emulator-test-key');
  });

  it('answers an upload with the documented shape and keeps the raw bytes', async () => {
    // Bytes that look like multipart syntax must survive the parser untouched.
    const tricky = Buffer.concat([SOURCE, Buffer.from('\r\n--not-a-boundary\r\n\r\n'), Buffer.from([0, 255, 13, 10])]);
    const answer = await uploadAsset(emulator, tricky, { fileName: 'harbour scene.png' });
    assert.equal(answer.status, 200);
    const { asset, fileContent } = assetBody(answer);
    assert.equal(asset.originalname, 'harbour scene.png');
    assert.equal(asset.mimetype, 'image/png');
    assert.equal(asset.size, tricky.length);
    assert.equal(asset.bucket, 'asset.1min.ai');
    assert.match(asset.key, /^images\/\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}_\d{3,}_harbour scene\.png$/);
    assert.equal(asset.acl, 'private');
    assert.equal(typeof asset.location, 'string');
    assert.match(asset.etag, /^"[0-9a-f]{32}"$/);
    assert.equal(fileContent.path, asset.key);
    assert.equal(fileContent.status, 'ACTIVE');
    assert.equal(fileContent.name, 'harbour scene.png');
    assert.ok(!Number.isNaN(Date.parse(fileContent.createdAt)));
    assert.ok(emulator.uploadedPaths().includes(asset.key));
    const recorded = emulator.requests.filter((r) => r.path === '/api/assets').at(-1);
    assert.deepEqual(recorded?.upload?.bytes, tricky);
    assert.equal(recorded?.upload?.field, 'asset');
    assert.equal(recorded?.upload?.contentType, 'image/png');
  });

  it('answers a generation with the documented shape, echo and credits', async () => {
    const promptObject = { imageUrl, format: 'webp', aspect_ratio: '4:3', num_outputs: 2, num_inference_steps: 28, output_quality: 80, megapixels: '0.25' };
    const first = await requestFeatures(emulator, variatorBody(promptObject));
    const second = await requestFeatures(emulator, variatorBody(promptObject));
    assert.equal(first.status, 200);
    const record = generationBody(first).aiRecord;
    assert.match(record.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(record.model, 'black-forest-labs/flux-redux-dev');
    assert.equal(record.type, 'IMAGE_VARIATOR');
    assert.equal(record.status, 'SUCCESS');
    assert.deepEqual(record.aiRecordDetail.promptObject, promptObject);
    assert.deepEqual(record.aiRecordDetail.responseObject, {});
    assert.equal(record.aiRecordDetail.resultObject.length, 2);
    for (const resultPath of record.aiRecordDetail.resultObject) {
      assert.match(resultPath, /^development\/images\/\d{4}_\d{2}_\d{2}_[\d_]+_\d{6}\.undefined$/);
    }
    assert.equal(typeof record.teamUser.creditLimit, 'number');
    assert.ok(generationBody(second).aiRecord.teamUser.usedCredit > record.teamUser.usedCredit, 'usedCredit grows per run');
    assert.deepEqual(emulator.requests.find((r) => r.path === '/api/features')?.body, variatorBody(promptObject));
  });

  it('accepts the schnell sibling model', async () => {
    const answer = await requestFeatures(emulator, variatorBody({ imageUrl, megapixels: '0.25' }, 'black-forest-labs/flux-redux-schnell'));
    assert.equal(answer.status, 200);
    assert.equal(generationBody(answer).aiRecord.model, 'black-forest-labs/flux-redux-schnell');
  });

  for (const megapixels of ['1', '0.25']) {
    it(`makes images at the host's sizes for every aspect ratio at ${megapixels} MP`, async () => {
      for (const [ratio, [width, height]] of Object.entries(ASPECT_RATIO_SIZES)) {
        const [resultPath] = await run({ aspect_ratio: ratio, megapixels, format: 'webp' });
        const info = readImageInfo(await fetchResult(resultPath));
        const expected = megapixels === '1' ? { width, height } : { width: width / 2, height: height / 2 };
        assert.deepEqual(info, { format: 'webp', ...expected }, `${ratio} at ${megapixels} MP`);
      }
    });
  }

  it('uses the sizes the model host computes (cog-flux table)', () => {
    assert.deepEqual(ASPECT_RATIO_SIZES['1:1'], [1024, 1024]);
    assert.deepEqual(ASPECT_RATIO_SIZES['16:9'], [1344, 768]);
    assert.deepEqual(ASPECT_RATIO_SIZES['4:3'], [1152, 896]);
    assert.equal(Object.keys(ASPECT_RATIO_SIZES).length, 11);
  });

  const MAGIC: Array<[string, string, (bytes: Buffer) => boolean]> = [
    ['png', 'png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
    ['jpg', 'jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9],
    ['webp', 'webp', (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' && b.readUInt32LE(4) === b.length - 8],
  ];
  for (const [format, decoded, hasMagic] of MAGIC) {
    it(`encodes format ${format} with the right magic number`, async () => {
      const [resultPath] = await run({ format, aspect_ratio: '1:1', megapixels: '0.25' });
      const bytes = await fetchResult(resultPath);
      assert.ok(hasMagic(bytes), `${format} magic`);
      assert.deepEqual(readImageInfo(bytes), { format: decoded, width: 512, height: 512 });
    });
  }

  it('makes a 1 MP 16:9 JPEG of 1344 × 768', async () => {
    const [resultPath] = await run({ format: 'jpg', aspect_ratio: '16:9', megapixels: '1' });
    assert.deepEqual(readImageInfo(await fetchResult(resultPath)), { format: 'jpeg', width: 1344, height: 768 });
  });

  it('is deterministic for the same inputs and differs per seed, output index and source', async () => {
    const options = { format: 'png', aspect_ratio: '1:1', megapixels: '0.25', num_outputs: 2, seed: 42 };
    const [a0, a1] = await Promise.all((await run(options)).map(fetchResult));
    const [b0, b1] = await Promise.all((await run(options)).map(fetchResult));
    const [c0] = await Promise.all((await run({ ...options, seed: 43 })).map(fetchResult));
    imageUrl = assetBody(await uploadAsset(emulator, OTHER_SOURCE)).fileContent.path;
    const [d0] = await Promise.all((await run(options)).map(fetchResult));
    assert.ok(a0.equals(b0) && a1.equals(b1), 'same inputs, same bytes');
    assert.ok(!a0.equals(a1), 'output index changes the image');
    assert.ok(!a0.equals(c0), 'seed changes the image');
    assert.ok(!a0.equals(d0), 'source changes the image');
  });

  it('gives a presigned URL for the first result only, serving only that path', async () => {
    const answer = await requestFeatures(emulator, variatorBody({ imageUrl, num_outputs: 2, megapixels: '0.25' }));
    const { aiRecord } = generationBody(answer);
    const [first, second] = aiRecord.aiRecordDetail.resultObject;
    const presigned = new URL(aiRecord.temporaryUrl);
    assert.equal(presigned.origin, new URL(emulator.assetBaseUrls[0]).origin);
    assert.equal(presigned.pathname, `/s3/asset.1min.ai/${first}`);
    assert.equal(presigned.searchParams.get('X-Amz-Expires'), '604800');
    assert.equal(presigned.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.match(presigned.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    const served = await download(presigned.href);
    assert.equal(served.status, 200);
    assert.equal(served.type, 'image/webp');
    assert.ok(served.bytes.equals(await fetchResult(first)));

    const otherPath = new URL(presigned.href);
    otherPath.pathname = `/s3/asset.1min.ai/${second}`;
    assert.equal((await download(otherPath.href)).status, 403, 'signature names another path');
    const forged = new URL(presigned.href);
    forged.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    assert.equal((await download(forged.href)).status, 403, 'forged signature');
    const unsigned = new URL(presigned.href);
    unsigned.search = '';
    assert.equal((await download(unsigned.href)).status, 200, 'without a signature it is a plain base-1 URL, which serves');
  });

  it('refuses result paths under asset base 0 and serves them under base 1', async () => {
    const [resultPath] = await run({ megapixels: '0.25' });
    const refused = await download(`${emulator.assetBaseUrls[0]}/${resultPath}`);
    assert.equal(refused.status, 403);
    assert.match(refused.bytes.toString('utf8'), /<Code>AccessDenied<\/Code>/);
    const served = await download(`${emulator.assetBaseUrls[1]}/${resultPath}`);
    assert.equal(served.status, 200);
    assert.equal(served.type, 'binary/octet-stream');
    assert.equal(readImageInfo(served.bytes)?.format, 'webp');
    assert.equal((await download(`${emulator.assetBaseUrls[1]}/development/images/never_issued.undefined`)).status, 403);
  });

  it('drops withheld outputs from the results without failing', async () => {
    emulator.setWithheld(1);
    const results = await run({ num_outputs: 3, megapixels: '0.25' });
    assert.equal(results.length, 2);
    for (const resultPath of results) {
      assert.equal(readImageInfo(await fetchResult(resultPath))?.format, 'webp');
    }
  });

  it('fails with the model host’s words when every output is withheld', async () => {
    emulator.setWithheld(2);
    const answer = await requestFeatures(emulator, variatorBody({ imageUrl, num_outputs: 2, megapixels: '0.25' }));
    assert.ok(answer.status >= 400);
    assert.match(refusalBody(answer).message, /NSFW/);
  });

  it('records in keyLeaks an asset request that carries the API key, in any case', async () => {
    const [resultPath] = await run({ megapixels: '0.25' });
    await download(`${emulator.assetBaseUrls[1]}/${resultPath}`);
    assert.equal(emulator.keyLeaks.length, 0, 'a clean download is no leak');
    await download(`${emulator.assetBaseUrls[1]}/${resultPath}`, { 'api-key': emulator.apiKey });
    await download(`${emulator.assetBaseUrls[0]}/${resultPath}`, { 'Api-Key': 'anything' });
    assert.equal(emulator.keyLeaks.length, 2);
    assert.ok(emulator.keyLeaks.every((leak) => leak.server === 'asset'));
    assert.equal(emulator.requests.filter((r) => r.path === '/api/features' && r.headers['api-key'] === emulator.apiKey).length, 1);
  });

  it('records both servers’ requests with status and timing', async () => {
    const [resultPath] = await run({ megapixels: '0.25' });
    await download(`${emulator.assetBaseUrls[0]}/${resultPath}`);
    await waitFor(() => emulator.requests.every((r) => r.endedAt !== undefined), 'requests to end');
    const summary = emulator.requests.map((r) => `${r.server} ${r.method} ${r.path.split('/')[1]} ${r.status}`);
    assert.deepEqual(summary, ['api POST api 200', 'api POST api 200', 'asset GET development 403']);
    assert.ok(emulator.requests.every((r) => (r.endedAt ?? 0) >= r.startedAt));
  });

  it('treats earlier uploads as unknown after forgetUploads()', async () => {
    emulator.forgetUploads();
    const answer = await requestFeatures(emulator, variatorBody({ imageUrl }));
    assert.equal(answer.status, 400);
    assert.match(refusalBody(answer).message, /not found|unknown/i);
    assert.ok(emulator.uploadedPaths().includes(imageUrl), 'still listed as issued');
  });

  it('answers unknown API routes with 404', async () => {
    const response = await fetch(`${emulator.apiBaseUrl}/api/nothing`);
    assert.equal(response.status, 404);
  });
});

describe('API emulator: concurrency, latency and shutdown', function () {
  this.timeout(15_000);
  it('counts in-flight and maximum concurrent generations', async () => {
    const emulator = await startEmulator({ latency: { generationMs: 60_000 } });
    try {
      const imageUrl = assetBody(await uploadAsset(emulator, SOURCE)).fileContent.path;
      const pending = [1, 2, 3].map(() => requestFeatures(emulator, variatorBody({ imageUrl })).catch((error: Error) => error));
      await waitFor(() => emulator.inFlightGenerations() === 3, 'three generations in flight');
      assert.equal(emulator.maxConcurrentGenerations(), 3);
      await emulator.close();
      const outcomes = await Promise.all(pending);
      assert.ok(outcomes.every((outcome) => outcome instanceof Error), 'close() ends them');
      assert.equal(emulator.inFlightGenerations(), 0);
    } finally {
      await emulator.close();
    }
  });

  it('answers after generationMs and keeps working with a throttled upload', async () => {
    const emulator = await startEmulator({ latency: { uploadBytesPerSecond: 2_000_000, generationMs: 5, downloadMs: 5 } });
    try {
      const big = Buffer.alloc(200_000, 7);
      const upload = await uploadAsset(emulator, big, { fileName: 'big.png' });
      assert.equal(upload.status, 200);
      assert.equal(assetBody(upload).asset.size, big.length);
      const answer = await requestFeatures(emulator, variatorBody({ imageUrl: assetBody(upload).fileContent.path, megapixels: '0.25' }));
      assert.equal(answer.status, 200);
      const got = await download(`${emulator.assetBaseUrls[1]}/${generationBody(answer).aiRecord.aiRecordDetail.resultObject[0]}`);
      assert.equal(got.status, 200);
    } finally {
      await emulator.close();
    }
  });

  it('close() ends a hanging request and resolves', async () => {
    const emulator = await startEmulator();
    emulator.injectFault({ endpoint: 'generate', kind: 'hang' });
    const pending = requestFeatures(emulator, variatorBody({ imageUrl: 'x' })).then(
      () => 'answered',
      () => 'ended',
    );
    await waitFor(() => emulator.requests.length === 1, 'the request to arrive');
    await emulator.close();
    assert.equal(await pending, 'ended');
  });

  it('accepts another key and refuses the default one', async () => {
    const emulator = await startEmulator({ apiKey: 'custom-key' });
    try {
      assert.equal(emulator.apiKey, 'custom-key');
      assert.equal((await uploadAsset(emulator, SOURCE)).status, 200);
      assert.equal((await uploadAsset(emulator, SOURCE, { apiKey: 'emulator-test-key' })).status, 401);
    } finally {
      await emulator.close();
    }
  });
});

describe('API emulator CLI', function () {
  this.timeout(15_000);
  it('prints its URLs as one JSON line and stops on SIGTERM', async () => {
    const cli = path.join(__dirname, '..', 'emulator', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--key', 'cli-key', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', () => reject(new Error('CLI exited early')));
      });
      const printed = JSON.parse(firstLine) as { apiKey: string; apiBaseUrl: string; assetBaseUrls: string[] };
      assert.equal(printed.apiKey, 'cli-key');
      assert.match(printed.apiBaseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(printed.assetBaseUrls.length, 2);
      const refused = await fetch(`${printed.apiBaseUrl}/api/features`, { method: 'POST', body: '{}' });
      assert.equal(refused.status, 401);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
