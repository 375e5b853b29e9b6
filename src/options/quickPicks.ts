/**
 * The variation options as a multi-step input. Step 1 runs at once with the current values or
 * starts the walk: aspect ratio, outputs, format (then its quality, not for png, under the same
 * step number), resolution, steps, seed, safety checker. Cancelling anywhere returns undefined
 * and changes nothing.
 */
import type { ModelId } from './types';
import { fieldDescription, QUALITY_RANGE, SEED_RANGE, STEPS_RANGE, usesQuality, type IntegerRange } from './parameters';
import {
  customLabel,
  enterSeedLabel,
  formatEntries,
  megapixelsEntries,
  outputsEntries,
  parseWholeNumber,
  qualityEntries,
  safetyEntries,
  seedEntries,
  stepsEntries,
  wholeNumberProblem,
  type NumberValue,
  type PickListEntry,
  type SourceImage,
} from './pickItems';
import { MultiStepInput } from './multiStepInput';
import { firstStep, type FirstStepOutcome } from './firstStep';
import { NO_OFFERS, type FirstStepOffers } from './firstStepOffers';
import { runSteps, type FlowStep, type StepAnswer, type StepPosition } from './stepFlow';
import { assertNever } from '../shared/guards';
import type { OptionChoices } from './summary';
import * as l10n from '@vscode/l10n';

export interface PickVariationOptionsArgs {
  /** The resolved current values: what "Run with current settings" uses and what is pre-selected. */
  choices: OptionChoices;
  model: ModelId;
  source?: SourceImage;
  lastSeed?: number;
  title?: string;
  /** The chosen image's recipe and the presets, offered in step 1. */
  offers?: FirstStepOffers;
}

/** What the quick picks decided: options to run (with the model a recipe or preset names), or to reproduce the image from its stored original. */
export type PickedRun = { kind: 'options'; choices: OptionChoices; model: ModelId } | { kind: 'reproduce' };

/** Picks a value from a list; answers Back and Escape for the flow. */
async function pickInto<T>(
  ui: MultiStepInput,
  title: string,
  at: StepPosition,
  placeholder: string,
  entries: readonly PickListEntry<T>[],
  apply: (value: T) => void,
): Promise<StepAnswer> {
  const answer = await ui.pick<T>({ title, at, placeholder, entries });
  switch (answer.kind) {
    case 'value':
      apply(answer.value);
      return 'next';
    case 'back':
    case 'cancel':
      return answer.kind;
    default:
      return assertNever(answer);
  }
}

/**
 * A list of presets with "Custom…" leading to a typed value. Back from the text box returns to
 * the list of the same step, not to the step before.
 */
async function pickNumberInto(
  ui: MultiStepInput,
  title: string,
  at: StepPosition,
  placeholder: string,
  entries: readonly PickListEntry<NumberValue>[],
  range: IntegerRange,
  current: number,
  apply: (value: number) => void,
): Promise<StepAnswer> {
  let activeLabel: string | undefined;
  for (;;) {
    const answer = await ui.pick<NumberValue>({ title, at, placeholder, entries, activeLabel });
    if (answer.kind !== 'value') {
      return answer.kind;
    }
    if (answer.value.kind === 'number') {
      apply(answer.value.value);
      return 'next';
    }
    const typed = await ui.input({
      title,
      at: { ...at, canGoBack: true },
      prompt: l10n.t({
        message: '{0}. Type a whole number from {1} to {2} and press Enter.',
        args: [placeholder, range.min, range.max],
        comment: ['{0} is what the step asks for, such as "Quality of the output image (1–100)"'],
      }),
      value: String(current),
      validate: (text) => wholeNumberProblem(text, range),
    });
    if (typed.kind === 'cancel') {
      return 'cancel';
    }
    if (typed.kind === 'value') {
      const value = parseWholeNumber(typed.value, range);
      if (value !== undefined) {
        apply(value);
        return 'next';
      }
    }
    activeLabel = customLabel();
  }
}

function buildSteps(args: PickVariationOptionsArgs, ui: MultiStepInput, title: string, outcome: FirstStepOutcome): FlowStep<OptionChoices>[] {
  return [
    firstStep(ui, title, args.source, args.offers ?? NO_OFFERS, outcome),
    {
      ask: (state, at) =>
        pickInto<number>(ui, title, at, fieldDescription('num_outputs'), outputsEntries(state), (n) => {
          state.num_outputs = n;
        }),
    },
    {
      ask: (state, at) =>
        pickInto<OptionChoices['format']>(ui, title, at, fieldDescription('format'), formatEntries(state), (f) => {
          state.format = f;
        }),
    },
    {
      // Quality belongs to the format: asked right after it, under its number, so choosing png
      // (no quality) changes neither the total nor the numbers of the steps after it.
      followUp: true,
      applies: (state) => usesQuality(state.format),
      ask: (state, at) =>
        pickNumberInto(ui, title, at, fieldDescription('output_quality'), qualityEntries(state), QUALITY_RANGE, state.output_quality, (n) => {
          state.output_quality = n;
        }),
    },
    {
      ask: (state, at) =>
        pickInto<OptionChoices['megapixels']>(ui, title, at, fieldDescription('megapixels'), megapixelsEntries(state), (m) => {
          state.megapixels = m;
        }),
    },
    {
      ask: (state, at) =>
        pickNumberInto(
          ui,
          title,
          at,
          fieldDescription('num_inference_steps'),
          stepsEntries(state, args.model),
          STEPS_RANGE,
          state.num_inference_steps,
          (n) => {
            state.num_inference_steps = n;
          },
        ),
    },
    {
      ask: (state, at) => pickSeedInto(ui, title, at, state, args.lastSeed),
    },
    {
      ask: (state, at) =>
        pickInto<boolean>(ui, title, at, fieldDescription('disable_safety_checker'), safetyEntries(state), (off) => {
          state.disable_safety_checker = off;
        }),
    },
  ];
}

async function pickSeedInto(
  ui: MultiStepInput,
  title: string,
  at: StepPosition,
  state: OptionChoices,
  lastSeed: number | undefined,
): Promise<StepAnswer> {
  let activeLabel: string | undefined;
  for (;;) {
    const answer = await ui.pick({
      title,
      at,
      placeholder: fieldDescription('seed'),
      entries: seedEntries(state, lastSeed),
      activeLabel,
    });
    if (answer.kind !== 'value') {
      return answer.kind;
    }
    const value = answer.value;
    switch (value.kind) {
      case 'random':
        state.seed = 'random';
        return 'next';
      case 'fixed':
        state.seed = value.seed;
        return 'next';
      case 'custom':
        break;
      default:
        return assertNever(value);
    }
    const typed = await ui.input({
      title,
      at: { ...at, canGoBack: true },
      prompt: l10n.t('Type a seed, a whole number from {0} to {1}, and press Enter', SEED_RANGE.min, SEED_RANGE.max),
      value: state.seed === 'random' ? '' : String(state.seed),
      validate: (text) => wholeNumberProblem(text, SEED_RANGE),
    });
    if (typed.kind === 'cancel') {
      return 'cancel';
    }
    if (typed.kind === 'value') {
      const seed = parseWholeNumber(typed.value, SEED_RANGE);
      if (seed !== undefined) {
        state.seed = seed;
        return 'next';
      }
    }
    activeLabel = enterSeedLabel();
  }
}

/** The whole walk, step 1's offers included; undefined when the user cancelled. */
export async function pickVariationRun(args: PickVariationOptionsArgs): Promise<PickedRun | undefined> {
  // The steps change a copy: the caller's values stay as they were if the user cancels.
  const state: OptionChoices = { ...args.choices };
  const outcome: FirstStepOutcome = {};
  const ui = new MultiStepInput();
  try {
    const ended = await runSteps(buildSteps(args, ui, args.title ?? l10n.t('Create Variations'), outcome), state);
    if (ended !== 'done') {
      return undefined;
    }
    return outcome.reproduce ? { kind: 'reproduce' } : { kind: 'options', choices: state, model: outcome.model ?? args.model };
  } finally {
    ui.dispose();
  }
}

/** The options alone, for callers that offer no recipe or preset (a reproduce answer cannot come back). */
export async function pickVariationOptions(args: PickVariationOptionsArgs): Promise<OptionChoices | undefined> {
  // Options only: no recipe or preset rows (they could name another model), the first entry's words kept.
  const runNowLabel = args.offers?.runNowLabel;
  const picked = await pickVariationRun({ ...args, offers: runNowLabel ? { ...NO_OFFERS, runNowLabel } : NO_OFFERS });
  return picked?.kind === 'options' ? picked.choices : undefined;
}
