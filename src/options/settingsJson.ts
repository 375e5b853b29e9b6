/**
 * A run's settings as the options JSON that `fluxRedux.createVariations(uri, options)` takes
 * (validate.ts checks it): the model and every option, the seed included, so pasting it into a
 * keybinding or a task repeats the run exactly. Plain code.
 */
import type { ModelId, VariationOptions } from './types';
import type { ScriptOptions } from './validate';

export function scriptOptionsOf(model: ModelId, options: VariationOptions): Required<ScriptOptions> {
  return { model, ...options };
}

/** Indented, as it would sit in keybindings.json or tasks.json. */
export function settingsJson(model: ModelId, options: VariationOptions): string {
  return JSON.stringify(scriptOptionsOf(model, options), null, 2);
}
