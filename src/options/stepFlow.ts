/**
 * The order of a multi-step input, apart from the widgets that ask: which step comes next,
 * where Back leads, what the step counter says. Plain code, so it is tested without VS Code.
 */
import { assertNever } from '../shared/guards';

/** What a step's answer means for the flow. "finish" ends it early with the state as it is. */
export type StepAnswer = 'next' | 'back' | 'finish' | 'cancel';

export interface StepPosition {
  /** 1-based, counting only the steps that apply to the current state; a follow-up shares its step's number. */
  step: number;
  totalSteps: number;
  canGoBack: boolean;
}

export interface FlowStep<S> {
  /** A step that does not apply (quality for png) is skipped and left out of the count. */
  applies?(state: S): boolean;
  /**
   * A second question of the step before (quality after a lossy format): it shows that step's
   * number and is never in the total, so a follow-up that comes and goes with an answer neither
   * changes the total nor makes the counter skip a number.
   */
  followUp?: boolean;
  ask(state: S, at: StepPosition): Promise<StepAnswer>;
}

function applies<S>(step: FlowStep<S>, state: S): boolean {
  return step.applies ? step.applies(state) : true;
}

function nextApplicable<S>(steps: readonly FlowStep<S>[], state: S, from: number): number {
  let index = from;
  while (index < steps.length && !applies(steps[index], state)) {
    index += 1;
  }
  return index;
}

function isCounted<S>(step: FlowStep<S>, state: S): boolean {
  return !step.followUp && applies(step, state);
}

function positionOf<S>(steps: readonly FlowStep<S>[], state: S, index: number, canGoBack: boolean): StepPosition {
  // Up to and including this step: a follow-up is not counted, so it gets the number before it.
  const step = Math.max(steps.slice(0, index + 1).filter((s) => isCounted(s, state)).length, 1);
  const totalSteps = steps.filter((s) => isCounted(s, state)).length;
  return { step, totalSteps: Math.max(totalSteps, step), canGoBack };
}

/**
 * Runs the steps in order over a state the steps change. Back returns to the step answered
 * before (skipped ones are not revisited). The caller owns the state: on "cancelled" it should
 * throw it away, so that cancelling has no effect.
 */
export async function runSteps<S>(steps: readonly FlowStep<S>[], state: S): Promise<'done' | 'cancelled'> {
  const answered: number[] = [];
  let index = nextApplicable(steps, state, 0);
  while (index < steps.length) {
    const answer = await steps[index].ask(state, positionOf(steps, state, index, answered.length > 0));
    switch (answer) {
      case 'next':
        answered.push(index);
        index = nextApplicable(steps, state, index + 1);
        break;
      case 'back':
        // On the first step there is nowhere to go back to: ask it again.
        index = answered.pop() ?? index;
        break;
      case 'finish':
        return 'done';
      case 'cancel':
        return 'cancelled';
      default:
        return assertNever(answer);
    }
  }
  return 'done';
}
