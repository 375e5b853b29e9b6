/**
 * A FluxReduxError's facts are what a record keeps of it: plain JSON that, read back, makes the
 * very sentence the error was made with, whatever kind of failure it was.
 */
import * as assert from 'node:assert/strict';
import { ERROR_KINDS, FluxReduxError } from '../../src/api/errors';
import { type FailureFacts, kindOfFacts } from '../../src/api/failureFacts';
import {
  cancelledFailure,
  failureFromHttpStatus,
  networkFailure,
  pollTimeoutFailure,
  recordFailedFailure,
  recordLostFailure,
  timeoutFailure,
} from '../../src/api/failures';
import { describeFailureFacts } from '../../src/api/failureWords';
import { ALL_SAMPLE_FACTS } from './failure-samples';
import { isMarked, useMarkingBundle } from './l10n-helpers';

const KEY = 'sk-test-0123456789abcdef';

function roundTrip(facts: FailureFacts): FailureFacts {
  return JSON.parse(JSON.stringify(facts)) as FailureFacts;
}

function assertSurvivesJson(error: FluxReduxError, where: string): void {
  const back = roundTrip(error.facts);
  assert.deepEqual(back, error.facts, `${where}: the facts are plain JSON`);
  assert.equal(kindOfFacts(back), error.kind, `${where}: the same kind`);
  assert.equal(describeFailureFacts(back), error.message, `${where}: the same sentence`);
}

/** Errors the client makes on its own paths, beside the samples. */
function madeByTheClient(): FluxReduxError[] {
  const generate = { operation: 'generate' as const, secrets: [KEY], mayHaveRun: true };
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
  return [
    failureFromHttpStatus(401, `{"message":"API Key ${KEY} has been deleted"}`, 'application/json', generate),
    failureFromHttpStatus(429, '', undefined, generate, 12_345),
    failureFromHttpStatus(502, '<html><title>Bad Gateway</title></html>', 'text/html', generate),
    failureFromHttpStatus(404, '{"message":"Asset not found: images/x.png"}', undefined, generate),
    networkFailure(refused, 'https://api.example', generate),
    networkFailure(new Error('no code'), 'https://api.example', { operation: 'download', secrets: [] }),
    timeoutFailure(300, generate),
    cancelledFailure({ operation: 'upload', secrets: [] }),
    pollTimeoutFailure(300, { ...generate, recordId: 'rec-1' }),
    recordFailedFailure('FAILED', `GPU out of memory for ${KEY}`, { ...generate, recordId: 'rec-1' }),
    recordLostFailure({ ...generate, recordId: 'rec-1' }),
  ];
}

describe('api/failureFacts', () => {
  it('has a sample for every kind of error', () => {
    const kinds = new Set(ALL_SAMPLE_FACTS.map(kindOfFacts));
    assert.deepEqual([...kinds].sort(), [...ERROR_KINDS].sort());
  });

  it('facts of every kind survive JSON and make the same sentence as the error', () => {
    for (const facts of ALL_SAMPLE_FACTS) {
      assertSurvivesJson(new FluxReduxError({ facts }), facts.what);
    }
    for (const error of madeByTheClient()) {
      assertSurvivesJson(error, error.facts.what);
    }
  });

  it('keep no key, in any field', () => {
    for (const error of madeByTheClient()) {
      assert.equal(JSON.stringify(error.facts).includes(KEY), false, error.facts.what);
    }
  });

  describe('in another language', () => {
    useMarkingBundle();

    it('make the sentence of the language they are read in', () => {
      for (const facts of ALL_SAMPLE_FACTS) {
        const error = new FluxReduxError({ facts });
        assert.ok(isMarked(error.message), `${facts.what}: ${error.message}`);
        assert.equal(describeFailureFacts(roundTrip(error.facts)), error.message, facts.what);
      }
    });
  });
});
