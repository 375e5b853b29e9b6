import * as assert from 'node:assert/strict';
import { runSteps, type FlowStep, type StepAnswer, type StepPosition } from '../../src/options/stepFlow';

interface State {
  lossless: boolean;
  log: string[];
}

/**
 * Steps that answer from a script, recording where they were asked and what the counter said.
 * Each answer is taken in order; a step runs `effect` before answering.
 */
function scripted(
  answers: { step: string; answer: StepAnswer; effect?: (s: State) => void }[],
  positions: string[],
): (name: string, applies?: (s: State) => boolean, followUp?: boolean) => FlowStep<State> {
  let next = 0;
  return (name, applies, followUp) => ({
    applies,
    followUp,
    async ask(state: State, at: StepPosition) {
      positions.push(`${name} ${at.step}/${at.totalSteps}${at.canGoBack ? ' back' : ''}`);
      const planned = answers[next++];
      assert.ok(planned, `no answer planned for ${name}`);
      assert.equal(planned.step, name, 'the flow asked a different step than expected');
      planned.effect?.(state);
      state.log.push(name);
      return planned.answer;
    },
  });
}

describe('runSteps', () => {
  it('asks every step in order with a counter, Back offered from step 2', async () => {
    const positions: string[] = [];
    const step = scripted(
      [
        { step: 'a', answer: 'next' },
        { step: 'b', answer: 'next' },
        { step: 'c', answer: 'next' },
      ],
      positions,
    );
    const state: State = { lossless: false, log: [] };
    assert.equal(await runSteps([step('a'), step('b'), step('c')], state), 'done');
    assert.deepEqual(positions, ['a 1/3', 'b 2/3 back', 'c 3/3 back']);
  });

  it('finishes early when a step says so', async () => {
    const positions: string[] = [];
    const step = scripted([{ step: 'a', answer: 'finish' }], positions);
    assert.equal(await runSteps([step('a'), step('b')], { lossless: false, log: [] }), 'done');
    assert.deepEqual(positions, ['a 1/2']);
  });

  it('stops on cancel from any step', async () => {
    const positions: string[] = [];
    const step = scripted(
      [
        { step: 'a', answer: 'next' },
        { step: 'b', answer: 'cancel' },
      ],
      positions,
    );
    assert.equal(await runSteps([step('a'), step('b'), step('c')], { lossless: false, log: [] }), 'cancelled');
    assert.deepEqual(positions, ['a 1/3', 'b 2/3 back']);
  });

  it('goes back to the step answered before, and forward again', async () => {
    const positions: string[] = [];
    const step = scripted(
      [
        { step: 'a', answer: 'next' },
        { step: 'b', answer: 'next' },
        { step: 'c', answer: 'back' },
        { step: 'b', answer: 'back' },
        { step: 'a', answer: 'next' },
        { step: 'b', answer: 'next' },
        { step: 'c', answer: 'next' },
      ],
      positions,
    );
    assert.equal(await runSteps([step('a'), step('b'), step('c')], { lossless: false, log: [] }), 'done');
    assert.deepEqual(positions, ['a 1/3', 'b 2/3 back', 'c 3/3 back', 'b 2/3 back', 'a 1/3', 'b 2/3 back', 'c 3/3 back']);
  });

  it('asks the first step again when Back comes from it', async () => {
    const positions: string[] = [];
    const step = scripted(
      [
        { step: 'a', answer: 'back' },
        { step: 'a', answer: 'next' },
      ],
      positions,
    );
    assert.equal(await runSteps([step('a')], { lossless: false, log: [] }), 'done');
    assert.deepEqual(positions, ['a 1/1', 'a 1/1']);
  });

  it('skips steps that do not apply, counts without them, and Back jumps over them', async () => {
    const positions: string[] = [];
    const step = scripted(
      [
        { step: 'format', answer: 'next', effect: (s) => (s.lossless = true) },
        { step: 'seed', answer: 'back' },
        { step: 'format', answer: 'next', effect: (s) => (s.lossless = false) },
        { step: 'quality', answer: 'next' },
        { step: 'seed', answer: 'next' },
      ],
      positions,
    );
    // The count follows the state as it is when a step is asked: back on "format" after
    // choosing a lossless format, the flow still has two steps until the format changes.
    const steps = [step('format'), step('quality', (s) => !s.lossless), step('seed')];
    assert.equal(await runSteps(steps, { lossless: false, log: [] }), 'done');
    assert.deepEqual(positions, ['format 1/3', 'seed 2/2 back', 'format 1/2', 'quality 2/3 back', 'seed 3/3 back']);
  });

  it('numbers a follow-up like the step before and leaves it out of the total, so the count never jumps', async () => {
    const positions: string[] = [];
    const step = scripted(
      [
        { step: 'format', answer: 'next', effect: (s) => (s.lossless = false) },
        { step: 'quality', answer: 'back' },
        { step: 'format', answer: 'next', effect: (s) => (s.lossless = true) },
        { step: 'seed', answer: 'back' },
        { step: 'format', answer: 'next', effect: (s) => (s.lossless = false) },
        { step: 'quality', answer: 'next' },
        { step: 'seed', answer: 'next' },
      ],
      positions,
    );
    const steps = [step('format'), step('quality', (s) => !s.lossless, true), step('seed')];
    assert.equal(await runSteps(steps, { lossless: false, log: [] }), 'done');
    assert.deepEqual(positions, [
      'format 1/2',
      'quality 1/2 back',
      'format 1/2',
      'seed 2/2 back',
      'format 1/2',
      'quality 1/2 back',
      'seed 2/2 back',
    ]);
  });
});
