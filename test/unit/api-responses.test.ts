import * as assert from 'node:assert/strict';
// A failed parse holds facts now, not words (issue 10: words are made when shown); the kind and the
// sentence are read from the facts.
import { kindOfFacts } from '../../src/api/failureFacts';
import { describeFailureFacts } from '../../src/api/failureWords';
import { parseGenerationResponse, parseUploadResponse, recordIdOf } from '../../src/api/responses';

const DOCUMENTED = {
  aiRecord: {
    uuid: '065487c6-0aa4-4f1a-a42f-fce931fcca8b',
    teamUser: { creditLimit: 100000000, usedCredit: 363000 },
    model: 'black-forest-labs/flux-redux-dev',
    type: 'IMAGE_VARIATOR',
    status: 'SUCCESS',
    aiRecordDetail: {
      promptObject: { imageUrl: 'images/cat.png' },
      resultObject: [
        'development/images/2025_10_22_18_16_46_334_310279.undefined',
        'development/images/2025_10_22_18_16_46_389_332671.undefined',
      ],
      responseObject: {},
    },
    temporaryUrl: 'https://s3.us-east-1.amazonaws.com/asset.1min.ai/development/images/2025_10_22_18_16_46_334_310279.undefined?X-Amz-Expires=604800',
  },
};

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('api/responses', () => {
  describe('parseGenerationResponse', () => {
    it('reads the documented example', () => {
      const parsed = parseGenerationResponse(DOCUMENTED);
      assert.deepEqual(parsed, {
        ok: true,
        result: {
          recordId: DOCUMENTED.aiRecord.uuid,
          resultPaths: DOCUMENTED.aiRecord.aiRecordDetail.resultObject,
          temporaryUrl: DOCUMENTED.aiRecord.temporaryUrl,
          credits: { used: 363000, limit: 100000000 },
        },
      });
    });

    it('treats an empty temporaryUrl as none and finds one at the top level', () => {
      const empty = clone(DOCUMENTED);
      empty.aiRecord.temporaryUrl = '';
      const parsed = parseGenerationResponse(empty);
      assert.ok(parsed.ok && parsed.result.temporaryUrl === undefined);

      const topLevel = { ...clone(DOCUMENTED), temporaryUrl: 'https://x.example/a' } as Record<string, unknown>;
      (topLevel.aiRecord as Record<string, unknown>).temporaryUrl = undefined;
      const parsedTop = parseGenerationResponse(topLevel);
      assert.ok(parsedTop.ok && parsedTop.result.temporaryUrl === 'https://x.example/a');
    });

    it('leaves credits out when teamUser is missing', () => {
      const body = clone(DOCUMENTED) as { aiRecord: Record<string, unknown> };
      delete body.aiRecord.teamUser;
      const parsed = parseGenerationResponse(body);
      assert.ok(parsed.ok);
      assert.equal(parsed.result.credits, undefined);
    });

    it('accepts a record wrapped in data, a single string result and https result URLs', () => {
      const wrapped = parseGenerationResponse({ data: clone(DOCUMENTED) });
      assert.ok(wrapped.ok && wrapped.result.resultPaths.length === 2);
      const single = clone(DOCUMENTED) as { aiRecord: { aiRecordDetail: { resultObject: unknown } } };
      single.aiRecord.aiRecordDetail.resultObject = 'images/one.png';
      const parsedSingle = parseGenerationResponse(single);
      assert.ok(parsedSingle.ok);
      assert.deepEqual(parsedSingle.result.resultPaths, ['images/one.png']);
      const urls = clone(DOCUMENTED) as { aiRecord: { aiRecordDetail: { resultObject: unknown } } };
      urls.aiRecord.aiRecordDetail.resultObject = ['https://cdn.example/r/1.webp', 'javascript:alert(1)', 'not a path', 42];
      const parsedUrls = parseGenerationResponse(urls);
      assert.ok(parsedUrls.ok);
      assert.deepEqual(parsedUrls.result.resultPaths, ['https://cdn.example/r/1.webp']);
    });

    it('fails PROCESSING with the status named and the record kept', () => {
      const body = clone(DOCUMENTED);
      body.aiRecord.status = 'PROCESSING';
      body.aiRecord.aiRecordDetail.resultObject = [];
      const parsed = parseGenerationResponse(body);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok);
      assert.equal(kindOfFacts(parsed.facts), 'not-success');
      assert.match(describeFailureFacts(parsed.facts), /PROCESSING/);
      assert.equal(parsed.recordId, DOCUMENTED.aiRecord.uuid);
    });

    it('turns an error code among the results into a typed failure', () => {
      const body = clone(DOCUMENTED);
      body.aiRecord.aiRecordDetail.resultObject = ['INSUFFICIENT_CREDITS'];
      const parsed = parseGenerationResponse(body);
      assert.ok(!parsed.ok);
      assert.equal(kindOfFacts(parsed.facts), 'insufficient-credits');
      assert.match(parsed.facts.serverMessage ?? '', /INSUFFICIENT_CREDITS/);

      const other = clone(DOCUMENTED);
      other.aiRecord.aiRecordDetail.resultObject = ['MODEL_OVERLOADED'];
      const parsedOther = parseGenerationResponse(other);
      assert.ok(!parsedOther.ok);
      assert.equal(kindOfFacts(parsedOther.facts), 'not-success');
      assert.match(parsedOther.facts.serverMessage ?? '', /MODEL_OVERLOADED/);
    });

    it('calls a SUCCESS without results no-results, with any words the server gave', () => {
      const body = clone(DOCUMENTED) as { aiRecord: { aiRecordDetail: { resultObject: unknown; responseObject: unknown } } };
      body.aiRecord.aiRecordDetail.resultObject = [];
      body.aiRecord.aiRecordDetail.responseObject = { error: 'flagged by safety checker' };
      const parsed = parseGenerationResponse(body);
      assert.ok(!parsed.ok);
      assert.equal(kindOfFacts(parsed.facts), 'no-results');
      assert.equal(parsed.facts.serverMessage, 'flagged by safety checker');
    });

    it('fails bodies without an aiRecord in the server words', () => {
      const parsed = parseGenerationResponse({ message: 'Something else happened' });
      assert.ok(!parsed.ok);
      assert.equal(kindOfFacts(parsed.facts), 'bad-response');
      assert.equal(parsed.facts.serverMessage, 'Something else happened');
      const credits = parseGenerationResponse({ errorCode: 'INSUFFICIENT_CREDITS', message: 'Not enough credits' });
      assert.ok(!credits.ok);
      assert.equal(kindOfFacts(credits.facts), 'insufficient-credits');
      assert.equal(parseGenerationResponse([1, 2]).ok, false);
    });

    it('finds the record id of any answer', () => {
      assert.equal(recordIdOf(DOCUMENTED), DOCUMENTED.aiRecord.uuid);
      assert.equal(recordIdOf({ message: 'x' }), undefined);
    });
  });

  describe('parseUploadResponse', () => {
    it('prefers fileContent.path and falls back to asset.key', () => {
      assert.deepEqual(parseUploadResponse({ asset: { key: 'images/a.png' }, fileContent: { path: 'images/b.png' } }), {
        ok: true,
        path: 'images/b.png',
      });
      assert.deepEqual(parseUploadResponse({ asset: { key: 'images/a.png' } }), { ok: true, path: 'images/a.png' });
    });

    it('fails an answer without either, keeping the server words', () => {
      const parsed = parseUploadResponse({ message: 'Upload failed upstream' });
      assert.ok(!parsed.ok);
      assert.equal(parsed.facts.serverMessage, 'Upload failed upstream');
    });
  });
});
