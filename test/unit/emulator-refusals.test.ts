import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../emulator';
import { requestFeatures, uploadAsset, variatorBody, type JsonAnswer } from '../emulator/testkit';
import { assetBody, generationBody, refusalBody } from './emulator-answers';

const SOURCE = Buffer.from('89504e470d0a1a0a-not-really-a-png-but-bytes', 'utf8');

describe('API emulator: refusals', function () {
  this.timeout(10_000);
  let emulator: Emulator;
  let imageUrl: string;

  before(async () => {
    emulator = await startEmulator();
    imageUrl = assetBody(await uploadAsset(emulator, SOURCE)).fileContent.path;
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  function assertRefused(answer: JsonAnswer, status: number, message: RegExp, errorCode?: string): void {
    assert.equal(answer.status, status, JSON.stringify(answer.json));
    assert.equal(typeof answer.json, 'object');
    assert.match(refusalBody(answer).message, message);
    if (errorCode) {
      assert.equal(refusalBody(answer).errorCode, errorCode);
    }
  }

  const valid = (): Record<string, unknown> => ({ imageUrl, megapixels: '0.25' });

  it('accepts the valid request these refusals start from', async () => {
    assert.equal((await requestFeatures(emulator, variatorBody(valid()))).status, 200);
  });

  describe('authentication', () => {
    it('refuses a generation without a key (401)', async () => {
      assertRefused(await requestFeatures(emulator, variatorBody(valid()), { apiKey: null }), 401, /API Key/, 'HTTP_EXCEPTION');
    });
    it('refuses a generation with a wrong key (401, "not active")', async () => {
      assertRefused(await requestFeatures(emulator, variatorBody(valid()), { apiKey: 'wrong' }), 401, /API Key is not active/, 'HTTP_EXCEPTION');
    });
    it('refuses an upload without a key (401)', async () => {
      assertRefused(await uploadAsset(emulator, SOURCE, { apiKey: null }), 401, /API Key/, 'HTTP_EXCEPTION');
    });
    it('refuses an upload with a wrong key (401)', async () => {
      assertRefused(await uploadAsset(emulator, SOURCE, { apiKey: 'wrong' }), 401, /API Key is not active/, 'HTTP_EXCEPTION');
    });
  });

  describe('upload', () => {
    it('refuses a file in a field other than "asset" (400)', async () => {
      assertRefused(await uploadAsset(emulator, SOURCE, { field: 'file' }), 400, /asset/);
    });
    it('refuses a body that is not multipart/form-data (400)', async () => {
      const response = await fetch(`${emulator.apiBaseUrl}/api/assets`, {
        method: 'POST',
        headers: { 'API-KEY': emulator.apiKey, 'Content-Type': 'application/octet-stream' },
        body: SOURCE,
      });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { message: string }).message, /multipart/);
    });
    it('refuses a multipart body without a file (400)', async () => {
      const form = new FormData();
      form.append('asset', 'just text');
      const response = await fetch(`${emulator.apiBaseUrl}/api/assets`, { method: 'POST', headers: { 'API-KEY': emulator.apiKey }, body: form });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { message: string }).message, /asset/);
    });
    it('refuses an empty file (400)', async () => {
      assertRefused(await uploadAsset(emulator, Buffer.alloc(0)), 400, /empty/);
    });
  });

  describe('features', () => {
    it('refuses a body that is not JSON (400)', async () => {
      assertRefused(await requestFeatures(emulator, '{"type":'), 400, /JSON/);
    });
    it('refuses an unknown type (only IMAGE_VARIATOR)', async () => {
      assertRefused(await requestFeatures(emulator, { type: 'IMAGE_GENERATOR', model: 'black-forest-labs/flux-redux-dev', promptObject: valid() }), 400, /IMAGE_GENERATOR/);
    });
    it('refuses an unknown model with UNSUPPORTED_MODEL', async () => {
      assertRefused(await requestFeatures(emulator, variatorBody(valid(), 'black-forest-labs/flux-dev')), 400, /flux-dev/, 'UNSUPPORTED_MODEL');
    });
    it('refuses a missing promptObject', async () => {
      assertRefused(await requestFeatures(emulator, { type: 'IMAGE_VARIATOR', model: 'black-forest-labs/flux-redux-dev' }), 400, /promptObject/);
    });
    it('refuses a missing imageUrl', async () => {
      assertRefused(await requestFeatures(emulator, variatorBody({ megapixels: '0.25' })), 400, /imageUrl/);
    });
    it('refuses an imageUrl it never issued (asset unknown / not found)', async () => {
      assertRefused(await requestFeatures(emulator, variatorBody({ ...valid(), imageUrl: 'images/2025_01_01_00_00_00_000_cat.png' })), 400, /not found|unknown/i, 'ASSET_NOT_FOUND');
    });

    const FIELD_REFUSALS: Array<[string, Record<string, unknown>, RegExp]> = [
      ['num_outputs 5', { num_outputs: 5 }, /num_outputs/],
      ['num_outputs 0', { num_outputs: 0 }, /num_outputs/],
      ['num_outputs 2.5', { num_outputs: 2.5 }, /num_outputs/],
      ['num_inference_steps 0', { num_inference_steps: 0 }, /num_inference_steps/],
      ['num_inference_steps 51', { num_inference_steps: 51 }, /num_inference_steps/],
      ['megapixels as a number', { megapixels: 1 }, /megapixels/],
      ['megapixels "2"', { megapixels: '2' }, /megapixels/],
      ['format "gif"', { format: 'gif' }, /format/],
      ['format "jpeg" (the API says "jpg")', { format: 'jpeg' }, /format/],
      ['aspect_ratio "2:1"', { aspect_ratio: '2:1' }, /aspect_ratio/],
      ['output_quality 0', { output_quality: 0 }, /output_quality/],
      ['output_quality 101', { output_quality: 101 }, /output_quality/],
      ['seed 1.5', { seed: 1.5 }, /seed/],
      ['seed as a string', { seed: '42' }, /seed/],
      ['disable_safety_checker as a string', { disable_safety_checker: 'yes' }, /disable_safety_checker/],
      ['output_format instead of format', { output_format: 'png' }, /output_format/],
    ];
    for (const [name, change, message] of FIELD_REFUSALS) {
      it(`refuses ${name} (400)`, async () => {
        assertRefused(await requestFeatures(emulator, variatorBody({ ...valid(), ...change })), 400, message);
      });
    }

    it('accepts the edges of every range', async () => {
      const edges = [
        { num_outputs: 1, num_inference_steps: 1, output_quality: 1, seed: 0 },
        { num_outputs: 4, num_inference_steps: 50, output_quality: 100, seed: 4294967295, disable_safety_checker: true },
      ];
      for (const edge of edges) {
        const answer = await requestFeatures(emulator, variatorBody({ ...valid(), ...edge }));
        assert.equal(answer.status, 200, JSON.stringify(answer.json));
        assert.equal(generationBody(answer).aiRecord.aiRecordDetail.resultObject.length, edge.num_outputs);
      }
    });

    it('spends no credits on a refused request', async () => {
      const before = generationBody(await requestFeatures(emulator, variatorBody(valid()))).aiRecord.teamUser.usedCredit;
      await requestFeatures(emulator, variatorBody({ ...valid(), num_outputs: 5 }));
      const after = generationBody(await requestFeatures(emulator, variatorBody({ ...valid(), num_outputs: 1 }))).aiRecord.teamUser.usedCredit;
      const perRun = after - before;
      assert.ok(perRun > 0);
      // The two successful one-output runs cost the same, so the refused one cost nothing in between.
      const third = generationBody(await requestFeatures(emulator, variatorBody(valid()))).aiRecord.teamUser.usedCredit;
      assert.equal(third - after, perRun);
    });
  });
});
