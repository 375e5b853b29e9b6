/**
 * The first step of "Create Variations": the one place where a single Enter runs at once, and
 * the way into every option.
 */
import type { AspectRatio, ModelId } from './types';
import { invalidPresetExplanation, type FirstStepOffers } from './firstStepOffers';
import { fieldDescription } from './parameters';
import { aspectEntries, everyOptionLabel, firstStepEntries, runNowLabel, type FirstStepValue, type SourceImage } from './pickItems';
import type { MultiStepInput } from './multiStepInput';
import type { FlowStep } from './stepFlow';
import type { OptionChoices } from './summary';
import { assertNever } from '../shared/guards';
import * as l10n from '@vscode/l10n';

/**
 * What step 1 decided beyond the flow's choices: the model a recipe or preset names, or that the
 * chosen image is to be reproduced from its stored original.
 */
export interface FirstStepOutcome {
  model?: ModelId;
  reproduce?: boolean;
}

/**
 * Step 1 is one list (run now, a recipe's or a preset's settings, every option, or an aspect
 * ratio) or, after "Choose every option…", the list of aspect ratios alone, under the same
 * number. Back from step 2 returns to the list step 1 was answered in.
 */
export function firstStep(
  ui: MultiStepInput,
  title: string,
  source: SourceImage | undefined,
  offers: FirstStepOffers,
  outcome: FirstStepOutcome,
): FlowStep<OptionChoices> {
  let answeredInRatioList = false;
  const placeholder = l10n.t('Enter runs with the current settings, or choose what to change');
  return {
    async ask(state, at) {
      let showRatioList = answeredInRatioList;
      // Back from the ratio list leaves the cursor on the entry that opened it.
      let activeLabel = offers.runNowLabel ?? runNowLabel();
      let explanation: string | undefined;
      for (;;) {
        if (showRatioList) {
          const answer = await ui.pick<AspectRatio>({
            title,
            at: { ...at, canGoBack: true },
            placeholder: fieldDescription('aspect_ratio'),
            entries: aspectEntries(state, source),
          });
          if (answer.kind === 'cancel') {
            return 'cancel';
          }
          if (answer.kind === 'back') {
            showRatioList = false;
            answeredInRatioList = false;
            activeLabel = everyOptionLabel();
            continue;
          }
          state.aspect_ratio = answer.value;
          answeredInRatioList = true;
          return 'next';
        }
        // Back to step 1 leaves the cursor on "Run", so Enter runs what has been chosen so far.
        const answer = await ui.pick<FirstStepValue>({
          title,
          at,
          placeholder: explanation ?? placeholder,
          entries: firstStepEntries(state, source, offers),
          activeLabel,
        });
        if (answer.kind !== 'value') {
          return answer.kind;
        }
        const value = answer.value;
        switch (value.kind) {
          case 'run':
            return 'finish';
          case 'every':
            showRatioList = true;
            break;
          case 'aspect':
            state.aspect_ratio = value.aspect;
            answeredInRatioList = false;
            return 'next';
          case 'recipe':
            if (!offers.recipe) {
              break;
            }
            Object.assign(state, offers.recipe.options);
            outcome.model = offers.recipe.model;
            return 'finish';
          case 'reproduce':
            outcome.reproduce = true;
            return 'finish';
          case 'preset': {
            const preset = offers.presets[value.index];
            if (preset?.kind !== 'usable') {
              break;
            }
            Object.assign(state, preset.choices);
            outcome.model = preset.model;
            return 'finish';
          }
          case 'invalidPreset': {
            // A quick pick cannot disable a row: choosing a wrong preset says what is wrong and stays.
            const preset = offers.presets[value.index];
            if (preset?.kind === 'invalid') {
              explanation = invalidPresetExplanation(preset);
              activeLabel = preset.name;
            }
            break;
          }          default:
            return assertNever(value);
        }
      }
    },
  };
}
