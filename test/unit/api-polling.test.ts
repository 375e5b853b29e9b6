import * as assert from 'node:assert/strict';
import { PollLimiter } from '../../src/api/pollLimiter';
import { classifyRecordAnswer, isAsyncRefusal } from '../../src/api/recordAnswer';
import { pollDelayMs } from '../../src/api/resultPolling';

/** A clock that moves only when someone sleeps: each sleep ends the moment the clock reaches it. */
function virtualClock() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      await new Promise((resolve) => setImmediate(resolve));
      time = Math.max(time, time + ms);
    },
  };
}

describe('api/pollLimiter: one poll a second for the whole window', () => {
  it('hands out turns at least a second apart, in order, however many ask at once', async () => {
    const clock = virtualClock();
    const limiter = new PollLimiter(clock);
    const granted: Array<[string, number]> = [];
    await Promise.all(
      ['a', 'b', 'c', 'a', 'b'].map(async (who) => {
        await limiter.turn();
        granted.push([who, clock.now()]);
      }),
    );
    assert.deepEqual(granted.map(([who]) => who), ['a', 'b', 'c', 'a', 'b']);
    const gaps = granted.slice(1).map(([, at], i) => at - granted[i][1]);
    assert.ok(gaps.every((gap) => gap >= 1_000), gaps.join(', '));
  });

  it('holds every turn until a Retry-After has passed', async () => {
    const clock = virtualClock();
    const limiter = new PollLimiter(clock);
    await limiter.turn();
    limiter.holdUntil(clock.now() + 30_000);
    await limiter.turn();
    assert.ok(clock.now() >= 30_000);
  });

  it('lets a cancelled waiter go at once, and the others keep their turns', async () => {
    const clock = virtualClock();
    const limiter = new PollLimiter(clock);
    await limiter.turn();
    const controller = new AbortController();
    const cancelled = limiter.turn(controller.signal);
    controller.abort();
    await assert.rejects(cancelled);
    await limiter.turn();
    assert.ok(clock.now() >= 1_000);
  });
});

describe('api/resultPolling: the schedule', () => {
  it('polls every second for the first 20 s, then backs off to 10 s', () => {
    assert.equal(pollDelayMs(0), 1_000);
    assert.equal(pollDelayMs(19_999), 1_000);
    assert.equal(pollDelayMs(30_000), 2_000);
    assert.equal(pollDelayMs(120_000), 5_000);
    assert.equal(pollDelayMs(900_000), 10_000);
  });
});

describe('api/recordAnswer', () => {
  it('tells PROCESSING, FAILED with its words, a lost record and a finished one apart', () => {
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { uuid: 'u1', status: 'PROCESSING' } }), { kind: 'processing', recordId: 'u1', status: 'PROCESSING' });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { uuid: 'u1', status: 'FAILURE', aiRecordDetail: { errorMessage: 'NSFW' } } }), {
      kind: 'failed',
      recordId: 'u1',
      status: 'FAILURE',
      errorMessage: 'NSFW',
    });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: null }), { kind: 'lost' });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { uuid: 'u1', status: 'SUCCESS' } }), { kind: 'final' });
    assert.deepEqual(classifyRecordAnswer({ aiRecord: { status: 'PROCESSING' } }), { kind: 'final' }, 'no id to poll: read as today');
    assert.deepEqual(classifyRecordAnswer('nonsense'), { kind: 'final' });
  });

  it('sees a refusal of the flag only in a 400/422 whose error words name async', () => {
    assert.equal(isAsyncRefusal(422, '{"message":["property async should not exist"],"statusCode":422}'), true);
    assert.equal(isAsyncRefusal(400, '{"message":"Unknown field: async"}'), true);
    assert.equal(isAsyncRefusal(400, '{"errors":[{"property":"async","constraints":{"whitelistValidation":"property async should not exist"}}]}'), true);
    assert.equal(isAsyncRefusal(400, 'async is not allowed'), true);
    assert.equal(isAsyncRefusal(400, '{"message":"seed must be an integer","request":{"async":true}}'), false, 'an echoed request does not count');
    assert.equal(isAsyncRefusal(500, '{"message":"async failed"}'), false);
    assert.equal(isAsyncRefusal(422, '{"message":"asynchronous jobs are busy"}'), false, 'the word, not a part of one');
  });
});
