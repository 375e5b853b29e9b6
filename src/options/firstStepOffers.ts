/**
 * The ready-made runs the first quick pick offers besides "Run with current settings": the
 * settings a chosen image was made with (its recipe), reproducing that image from the stored
 * original, and the presets of `fluxRedux.presets`. Plain data, so the words are tested here.
 */
import * as l10n from '@vscode/l10n';
import type { ChipView } from '../shared/protocol';
import type { PickEntry, PickListEntry } from './pickItems';
import { presetRun, type Preset, type PresetOrigin } from './presets';
import { optionChips, type OptionChoices } from './summary';
import type { ModelId, VariationOptions } from './types';

export const useRecipeLabel = (): string => l10n.t('Use the settings this image was made with');
export const reproduceRecipeLabel = (): string => l10n.t('Reproduce it exactly');

/** What the chosen image's recipe makes possible. */
export interface RecipeOffer {
  model: ModelId;
  /** The options it was made with, its seed included. */
  options: VariationOptions;
  /** The name of the image it was made from. */
  sourceName: string;
  /** The original source is still in storage (same SHA-256), so the very run can be repeated. */
  canReproduce: boolean;
}

/** A preset, resolved against the settings so the quick pick can say what it runs. */
export type PresetOffer =
  | { kind: 'usable'; name: string; origin: PresetOrigin; choices: OptionChoices; model: ModelId }
  | { kind: 'invalid'; name: string; origin: PresetOrigin; problem: string };

export interface FirstStepOffers {
  recipe?: RecipeOffer;
  presets: readonly PresetOffer[];
  /** The first entry's words when the settings are not the user's own (Vary: the parent's). */
  runNowLabel?: string;
}

export const NO_OFFERS: FirstStepOffers = { presets: [] };

export type OfferValue =
  | { kind: 'recipe' }
  | { kind: 'reproduce' }
  | { kind: 'preset'; index: number }
  | { kind: 'invalidPreset'; index: number };

export function presetOffers(presets: readonly Preset[], settingsDefaults: Partial<OptionChoices>, settingsModel: ModelId): PresetOffer[] {
  return presets.map((preset): PresetOffer => {
    if (preset.kind === 'invalid') {
      return preset;
    }
    const { choices, model } = presetRun(preset.options, settingsDefaults, settingsModel);
    return { kind: 'usable', name: preset.name, origin: preset.origin, choices, model };
  });
}

function joined(chips: readonly ChipView[]): string {
  return chips.map((chip) => chip.label).join(l10n.t(' · '));
}

/** "16:9 · 2 outputs · seed 42": the settings a person recognises an image's run by. */
export function recipeSummary(options: VariationOptions): string {
  const [aspect, outputs] = optionChips(options);
  return joined([aspect, outputs, { label: l10n.t('seed {0}', options.seed), title: '' }]);
}

function recipeEntries(recipe: RecipeOffer): PickEntry<OfferValue>[] {
  const entries: PickEntry<OfferValue>[] = [
    {
      label: useRecipeLabel(),
      description: recipeSummary(recipe.options),
      detail: l10n.t('Varies this image with the model and options its recipe names: {0}', joined(optionChips(recipe.options, recipe.model))),
      value: { kind: 'recipe' },
    },
  ];
  if (recipe.canReproduce) {
    entries.push({
      label: reproduceRecipeLabel(),
      description: l10n.t('The original {0}, seed {1}', recipe.sourceName, recipe.options.seed),
      detail: l10n.t('Runs the stored copy of {0} again with the same model and seed, to make this image again', recipe.sourceName),
      value: { kind: 'reproduce' },
    });
  }
  return entries;
}

function originWords(origin: PresetOrigin): string {
  return origin === 'workspace' ? l10n.t('Workspace preset') : l10n.t('User preset');
}

/**
 * A wrong preset cannot be greyed out in a quick pick: it keeps its row, says it cannot be used
 * and why, and choosing it explains instead of running.
 */
function presetEntry(preset: PresetOffer, index: number): PickEntry<OfferValue> {
  if (preset.kind === 'invalid') {
    return {
      label: preset.name,
      description: `$(warning) ${l10n.t('Cannot be used')}`,
      detail: l10n.t({
        message: '{0}: {1}',
        args: [originWords(preset.origin), preset.problem],
        comment: ['{0} says whose preset it is (User preset), {1} what is wrong with it'],
      }),
      value: { kind: 'invalidPreset', index },
    };
  }
  return {
    label: preset.name,
    description: joined(optionChips(preset.choices, preset.model)),
    detail: originWords(preset.origin),
    value: { kind: 'preset', index },
  };
}

/** The rows that follow "Run with current settings": the recipe's, then the presets under their own heading. */
export function offerEntries(offers: FirstStepOffers): PickListEntry<OfferValue>[] {
  const entries: PickListEntry<OfferValue>[] = offers.recipe ? recipeEntries(offers.recipe) : [];
  if (offers.presets.length > 0) {
    entries.push({ separator: l10n.t('Presets') }, ...offers.presets.map(presetEntry));
  }
  return entries;
}

/** The placeholder shown after a wrong preset was chosen: which one, what is wrong, where to fix it. */
export function invalidPresetExplanation(preset: PresetOffer & { kind: 'invalid' }): string {
  return l10n.t('The preset "{0}" cannot be used: {1}. Fix it in the fluxRedux.presets setting.', preset.name, preset.problem);
}
