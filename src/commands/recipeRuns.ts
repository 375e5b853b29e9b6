/**
 * The chosen image's recipe in the interactive flow: what the first quick pick offers for it, and
 * "Reproduce it exactly" from the original stored with an earlier generation.
 */
import type { RecipeOffer } from '../options/firstStepOffers';
import { assertNever } from '../shared/guards';
import type { Recipe } from '../recipe/recipe';
import { findStoredOriginal, type StoredOriginal } from '../recipe/storedOriginal';
import { runParamsForRetry } from '../runs/runParams';
import type { UsableSource } from '../source/sourcesBeforeAsking';
import type { RunCommandDeps } from './runCommandDeps';
import { notifyFinished } from './runNotifications';
import type { CreateVariationsResult } from './scriptRuns';
import { haveApiKeyOrSay, startRun } from './startRun';

/** A chosen image's recipe, what the first quick pick offers for it, and its stored original if any. */
export interface RecipeChoice {
  recipe: Recipe;
  offer: RecipeOffer;
  original?: StoredOriginal;
}

/**
 * What the chosen image's recipe offers. A recipe that does not check out is not used, and the
 * log says why (a hand-edited or damaged file is no reason to stop anyone).
 */
export async function recipeChoiceFor(deps: Pick<RunCommandDeps, 'store' | 'log'>, source: UsableSource): Promise<RecipeChoice | undefined> {
  const found = source.recipe;
  switch (found.kind) {
    case 'none':
      return undefined;
    case 'invalid':
      deps.log.warn(`${source.name} carries a recipe that is not used: ${found.reason}.`);
      return undefined;
    case 'recipe': {
      const recipe = found.recipe;
      const original = await findStoredOriginal(deps.store, recipe).catch((error: unknown) => {
        deps.log.warn(`Looking for the stored original of ${source.name} failed: ${String(error)}`);
        return undefined;
      });
      deps.log.info(
        `${source.name} carries the recipe of generation ${recipe.generationId}; ${original ? `its original source is stored with generation ${original.record.id}` : 'its original source is not in storage'}.`,
      );
      return {
        recipe,
        original,
        offer: { model: recipe.model, options: { ...recipe.options }, sourceName: recipe.sourceName, canReproduce: original !== undefined },
      };
    }
    default:
      return assertNever(found);
  }
}

/**
 * "Reproduce it exactly": the stored copy of the original source, uploaded as it is, with the
 * recipe's model and options, its seed included.
 */
export async function reproduceFromRecipe(deps: RunCommandDeps, choice: RecipeChoice): Promise<CreateVariationsResult | undefined> {
  const original = choice.original;
  if (!original) {
    return undefined;
  }
  if (!(await haveApiKeyOrSay(deps))) {
    return undefined;
  }
  const stored = runParamsForRetry(original.record, original.bytes, deps.apiOrigin());
  const params = { ...stored, model: choice.recipe.model, options: { ...choice.recipe.options } };
  const { record, completion } = await startRun(deps, params, `stored copy of ${original.record.id}, reproducing the recipe of ${choice.recipe.generationId}`);
  void completion.then((finished) => notifyFinished(deps, finished), (error) => deps.log.error(String(error)));
  return { generationId: record.id, results: [] };
}
