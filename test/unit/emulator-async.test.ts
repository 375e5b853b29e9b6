import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../emulator';
import { readImageInfo, requestFeatures, requestResult, uploadAsset, variatorBody, waitFor } from '../emulator/testkit';
import { assetBody, generationBody, type GenerationAnswer } from './emulator-answers';

const SOURCE = Buffer.from('source bytes for the async tests');

function asyncBody(imageUrl: string, promptObject: Record<string, unknown> = {}): unknown {
  return { ...(variatorBody({ imageUrl, megapixels: '0.25', format: 'png', ...promptObject }) as object), async: true };
}

describe('API emulator: asynchronous generations and GET /api/results/{uuid}', function () {
  this.timeout(10_000);
  let emulator: Emulator;
  let imageUrl: string;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    emulator.setLatency({});
    emulator.setWithheld(0);
    imageUrl = assetBody(await uploadAsset(emulator, SOURCE)).fileContent.path;
  });

  /** Polls until the record is no longer PROCESSING. */
  async function finalRecord(uuid: string): Promise<GenerationAnswer> {
    for (let i = 0; i < 400; i++) {
      const answer = await requestResult(emulator, uuid);
      assert.equal(answer.status, 200);
      const body = generationBody(answer);
      if (body.aiRecord.status !== 'PROCESSING') {
        return body;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail('the record never finished');
  }

  it('tells when each record was accepted and when it became final, for the benchmark\'s ideal', async () => {
    emulator.setLatency({ generationMs: 200 });
    const sent = Date.now();
    const uuid = generationBody(await requestFeatures(emulator, asyncBody(imageUrl))).aiRecord.uuid;
    const accepted = emulator.recordTimes().find((times) => times.uuid === uuid);
    assert.ok(accepted && accepted.acceptedAt >= sent, 'accepted while the call was open');
    assert.equal(accepted.readyAt, undefined, 'not ready while PROCESSING');
    await finalRecord(uuid);
    const readyAt = emulator.recordTimes().find((times) => times.uuid === uuid)?.readyAt;
    assert.ok(readyAt !== undefined && readyAt - accepted.acceptedAt >= 200, `ready after the generation's latency (${readyAt})`);
  });

  it('answers "async": true at once with a PROCESSING record, then the finished one with a fresh temporaryUrl', async () => {
    emulator.setLatency({ generationMs: 300 });
    const started = Date.now();
    const answer = await requestFeatures(emulator, asyncBody(imageUrl, { num_outputs: 2 }));
    assert.ok(Date.now() - started < 250, 'answered before the generation was done');
    assert.equal(answer.status, 200);
    const first = generationBody(answer).aiRecord;
    assert.equal(first.status, 'PROCESSING');
    assert.deepEqual(first.aiRecordDetail.resultObject, []);
    assert.equal(emulator.inFlightGenerations(), 1, 'the job counts as a generation in flight');

    const processing = generationBody(await requestResult(emulator, first.uuid)).aiRecord;
    assert.equal(processing.status, 'PROCESSING');
    assert.equal(processing.uuid, first.uuid);

    const done = (await finalRecord(first.uuid)).aiRecord;
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.aiRecordDetail.resultObject.length, 2);
    assert.match(done.temporaryUrl, /X-Amz-Signature=/);
    const image = await fetch(done.temporaryUrl);
    assert.equal(image.status, 200);
    assert.equal(readImageInfo(Buffer.from(await image.arrayBuffer()))?.format, 'png');
    await waitFor(() => emulator.inFlightGenerations() === 0, 'the job to leave the count');
  });

  it('keeps answering for a synchronous record too, and 200 {"aiRecord": null} for an unknown id', async () => {
    const sync = generationBody(await requestFeatures(emulator, variatorBody({ imageUrl, megapixels: '0.25' }))).aiRecord;
    assert.equal(sync.status, 'SUCCESS');
    const again = generationBody(await requestResult(emulator, sync.uuid)).aiRecord;
    assert.deepEqual(again.aiRecordDetail.resultObject, sync.aiRecordDetail.resultObject);

    const unknown = await requestResult(emulator, '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, { aiRecord: null });
    assert.equal((await requestResult(emulator, sync.uuid, { apiKey: 'wrong' })).status, 401);
  });

  it("'lost' answers one poll with {\"aiRecord\": null}", async () => {
    const { uuid } = generationBody(await requestFeatures(emulator, asyncBody(imageUrl))).aiRecord;
    emulator.injectFault({ endpoint: 'result', kind: 'lost' });
    assert.deepEqual((await requestResult(emulator, uuid)).json, { aiRecord: null });
    assert.equal((await finalRecord(uuid)).aiRecord.status, 'SUCCESS');
  });

  it("'job-fails' finishes the record FAILED with the model's errorMessage", async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'job-fails', message: 'Prediction failed: CUDA out of memory' });
    const { uuid } = generationBody(await requestFeatures(emulator, asyncBody(imageUrl))).aiRecord;
    const failed = (await finalRecord(uuid)).aiRecord as GenerationAnswer['aiRecord'] & { aiRecordDetail: { errorMessage?: string } };
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.aiRecordDetail.errorMessage, 'Prediction failed: CUDA out of memory');
    assert.deepEqual(failed.aiRecordDetail.resultObject, []);
  });

  it('a job whose outputs are all withheld is FAILED with the model host’s words', async () => {
    emulator.setWithheld(1);
    const { uuid } = generationBody(await requestFeatures(emulator, asyncBody(imageUrl))).aiRecord;
    const failed = (await finalRecord(uuid)).aiRecord as GenerationAnswer['aiRecord'] & { aiRecordDetail: { errorMessage?: string } };
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.aiRecordDetail.errorMessage ?? '', /NSFW/);
  });

  it("'refuse-async' answers 422 naming the field and charges nothing; without the flag the call runs", async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'refuse-async', times: Infinity });
    const refused = await requestFeatures(emulator, asyncBody(imageUrl));
    assert.equal(refused.status, 422);
    assert.deepEqual((refused.json as { message: string[] }).message, ['property async should not exist']);
    const plain = await requestFeatures(emulator, variatorBody({ imageUrl, megapixels: '0.25' }));
    assert.equal(generationBody(plain).aiRecord.status, 'SUCCESS');
    assert.equal((await requestFeatures(emulator, asyncBody(imageUrl))).status, 422, 'still refused');
  });

  it("'ignore-async' answers only when the images exist, as without the flag", async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'ignore-async' });
    const answer = generationBody(await requestFeatures(emulator, asyncBody(imageUrl))).aiRecord;
    assert.equal(answer.status, 'SUCCESS');
    assert.equal(answer.aiRecordDetail.resultObject.length, 1);
  });

  it('stops counting a job still running at reset(), which a cancelled client left behind', async () => {
    emulator.setLatency({ generationMs: 60_000 });
    await requestFeatures(emulator, asyncBody(imageUrl));
    assert.equal(emulator.inFlightGenerations(), 1);
    emulator.reset();
    assert.equal(emulator.inFlightGenerations(), 0);
    assert.equal(emulator.maxConcurrentGenerations(), 0);
  });

  it("'not-success' keeps a finished record answering PROCESSING (a record that never ends)", async () => {
    emulator.injectFault({ endpoint: 'generate', kind: 'not-success' });
    const { uuid } = generationBody(await requestFeatures(emulator, asyncBody(imageUrl))).aiRecord;
    await waitFor(() => emulator.inFlightGenerations() === 0, 'the job to finish');
    assert.equal(generationBody(await requestResult(emulator, uuid)).aiRecord.status, 'PROCESSING');
  });
});
