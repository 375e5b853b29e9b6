import * as assert from 'node:assert/strict';
import type { GenerationRecord } from '../../src/runs/record';
import { median, RunEstimates, runDuration, settingsKey, typicalSecondsOf } from '../../src/runs/estimates';
import { isLongerThanUsual, longerThanUsualAfter } from '../../src/shared/longerThanUsual';
import { historyRecord } from './history-support';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');

/** A finished, successful run whose paid call went out at minute `n` and took `seconds`. */
function finished(n: number, seconds: number, overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  const started = T0 + n * 60_000;
  return historyRecord(`20261120T1${String(n).padStart(5, '0')}000-aaaaaa`, {
    generateStartedAt: started,
    updatedAt: new Date(started + seconds * 1000).toISOString(),
    ...overrides,
  });
}

function starting(overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return historyRecord('20261124T110000000-zzzzzz', { phase: 'generating', results: [], generateStartedAt: T0 + 10_000_000, ...overrides });
}

describe('run estimates: the median of the user\'s own alike runs', () => {
  it('median of odd and even counts, none of nothing', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([40, 10, 30, 20]), 25);
    assert.equal(median([]), undefined);
  });

  it('times a run from its paid call to its final record, successful runs only', () => {
    assert.deepEqual(runDuration(finished(0, 38)), { finishedAt: T0 + 38_000, ms: 38_000 });
    assert.equal(runDuration(finished(0, 38, { phase: 'failed' })), undefined, 'failed');
    assert.equal(runDuration(finished(0, 38, { withheld: 1 })), undefined, 'a result withheld');
    assert.equal(runDuration(finished(0, 38, { results: [{ id: 'r1', index: 1, status: 'failed' }] })), undefined, 'a download failed');
    assert.equal(runDuration(finished(0, 38, { generateStartedAt: undefined })), undefined, 'no paid-call time (0.1.0)');
    assert.equal(runDuration(finished(0, 38, { updatedAt: 'garbage' })), undefined);
  });

  it('no number with fewer than three alike runs', () => {
    const estimates = new RunEstimates();
    estimates.learn([finished(0, 30), finished(1, 40)]);
    assert.equal(estimates.typicalSeconds(starting()), undefined);
    const third = new RunEstimates();
    third.learn([finished(0, 30), finished(1, 40), finished(2, 50)]);
    assert.equal(third.typicalSeconds(starting()), 40);
  });

  it('the median of the last ten by finish time, not of all', () => {
    // Ten recent runs of about 20 s, and older ones of 90 s that no longer count.
    const old = Array.from({ length: 8 }, (_, i) => finished(i, 90));
    const recent = Array.from({ length: 10 }, (_, i) => finished(100 + i, 18 + (i % 5)));
    assert.equal(typicalSecondsOf([...old, ...recent].map((r) => runDuration(r)!)), 20);
    const estimates = new RunEstimates();
    estimates.learn([...recent].reverse().concat(old));
    assert.equal(estimates.typicalSeconds(starting()), 20);
  });

  it('counts only runs with the same model, outputs, steps and megapixels', () => {
    const like = [finished(0, 30), finished(1, 30), finished(2, 30)];
    const unlike = [
      finished(3, 99, { model: 'black-forest-labs/flux-redux-schnell' }),
      finished(4, 99, { options: { ...like[0].options, num_outputs: 4 } }),
      finished(5, 99, { options: { ...like[0].options, num_inference_steps: 50 } }),
      finished(6, 99, { options: { ...like[0].options, megapixels: '0.25' } }),
    ];
    const estimates = new RunEstimates();
    estimates.learn([...like, ...unlike, ...unlike]);
    assert.equal(estimates.typicalSeconds(starting()), 30);
    // Seed, ratio, format and quality do not change the time the server takes.
    const otherSeed = starting({ options: { ...like[0].options, seed: 99, aspect_ratio: '16:9', format: 'png', output_quality: 50 } });
    assert.equal(settingsKey(otherSeed), settingsKey(like[0]));
    assert.equal(new RunEstimates().typicalSeconds(otherSeed), undefined);
  });

  it('keeps API origins apart: emulator runs estimate emulator runs', () => {
    const emulator = 'http://127.0.0.1:3000';
    const estimates = new RunEstimates();
    estimates.learn([finished(0, 2, { apiOrigin: emulator }), finished(1, 3, { apiOrigin: emulator }), finished(2, 4, { apiOrigin: emulator })]);
    estimates.learn([finished(3, 40), finished(4, 40)]);
    assert.equal(estimates.typicalSeconds(starting({ apiOrigin: emulator })), 3);
    assert.equal(estimates.typicalSeconds(starting({ id: '20261124T120000000-yyyyyy' })), undefined, 'two real runs are too few, and the emulator\'s do not count');
  });

  it('a record learnt again counts once', () => {
    const estimates = new RunEstimates();
    const two = [finished(0, 30), finished(1, 40)];
    estimates.learn(two);
    estimates.learn(two);
    assert.equal(estimates.typicalSeconds(starting()), undefined);
  });

  it('settles a run\'s number when it starts, and learns from runs as they end', async () => {
    let reads = 0;
    const estimates = new RunEstimates({
      readPast: () => {
        reads++;
        return Promise.resolve([finished(0, 30), finished(1, 30), finished(2, 30)]);
      },
    });
    const run = starting();
    assert.equal(estimates.typicalSeconds(run), undefined, 'nothing read yet, and the run does not wait for the disk');
    estimates.observe(run);
    estimates.observe({ ...run, phase: 'downloading' });
    await estimates.whenRead();
    assert.equal(reads, 1, 'the past is read once, in the background');
    assert.equal(estimates.typicalSeconds(run), 30);
    // Runs ending meanwhile do not move the number of a run already going.
    for (const n of [3, 4, 5, 6]) {
      estimates.observe(finished(n, 90));
    }
    assert.equal(estimates.typicalSeconds(run), 30);
    // The next run counts them.
    assert.equal(estimates.typicalSeconds(starting({ id: '20261124T120000000-yyyyyy' })), 90);
  });

  it('a failed read of the past means no number, not an error', async () => {
    const logged: string[] = [];
    const estimates = new RunEstimates({ readPast: () => Promise.reject(new Error('disk gone')), log: (m) => logged.push(m) });
    estimates.observe(starting());
    await estimates.whenRead();
    assert.equal(estimates.typicalSeconds(starting()), undefined);
    assert.match(logged.join('\n'), /disk gone/);
  });
});

describe('taking longer than usual', () => {
  it('once the run passes the usual time by a margin (a median is passed by half of all runs)', () => {
    assert.equal(isLongerThanUsual(38, 38), false);
    assert.equal(isLongerThanUsual(40, 38), false);
    assert.equal(isLongerThanUsual(46, 38), true);
    assert.equal(longerThanUsualAfter(38), 38 + 38 * 0.2);
    assert.equal(longerThanUsualAfter(5), 8, 'at least a few seconds over a short usual time');
    assert.equal(isLongerThanUsual(1000, 0), false, 'no usual time, never slow');
  });
});
