/**
 * The last choices, remembered between runs in a Memento-like store (globalState in the
 * extension). Whatever is read back is checked again: the store may hold values from an older
 * version or a hand-edited state file, and a bad value must not break the quick picks.
 */
import type { ModelId } from './types';
import { OPTION_FIELDS, SEED_RANGE, isIntegerIn, isModelId } from './parameters';
import { fieldProblem } from './validate';
import type { OptionChoices } from './summary';
import { isRecord } from '../shared/guards';

/** The part of vscode.Memento this module needs. */
export interface ChoiceStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const LAST_CHOICES_KEY = 'fluxRedux.lastChoices';
export const LAST_SEED_KEY = 'fluxRedux.lastSeed';

interface StoredChoices {
  /** The model the choices were made for: steps suit one model, not the other. */
  model: ModelId;
  choices: Partial<OptionChoices>;
}

/** Keeps each valid field on its own, so one corrupt value costs only that field. */
function validChoices(raw: unknown): Partial<OptionChoices> {
  if (!isRecord(raw)) {
    return {};
  }
  const kept: Partial<Record<keyof OptionChoices, unknown>> = {};
  for (const field of OPTION_FIELDS) {
    const value = raw[field];
    if (value === undefined) {
      continue;
    }
    const valid = field === 'seed' && value === 'random' ? true : fieldProblem(field, value) === undefined;
    if (valid) {
      kept[field] = value;
    }
  }
  return kept as Partial<OptionChoices>;
}

export class LastChoices {
  constructor(private readonly store: ChoiceStore) {}

  /**
   * The last choices for this model. Steps chosen under the other model are dropped, so that
   * switching `fluxRedux.model` to Schnell gives Schnell's pace rather than Dev's 28 steps.
   */
  recall(model: ModelId): Partial<OptionChoices> {
    const stored = this.store.get<unknown>(LAST_CHOICES_KEY);
    if (!isRecord(stored)) {
      return {};
    }
    const choices = validChoices(stored.choices);
    if (stored.model !== model || !isModelId(stored.model)) {
      delete choices.num_inference_steps;
    }
    return choices;
  }

  /** The seed the last run really used (also when it was drawn at random), to offer "Last used". */
  lastSeed(): number | undefined {
    const seed = this.store.get<unknown>(LAST_SEED_KEY);
    return isIntegerIn(seed, SEED_RANGE) ? seed : undefined;
  }

  async remember(choices: OptionChoices, model: ModelId): Promise<void> {
    const stored: StoredChoices = { model, choices: validChoices(choices) };
    await this.store.update(LAST_CHOICES_KEY, stored);
  }

  async rememberSeed(seed: number): Promise<void> {
    if (isIntegerIn(seed, SEED_RANGE)) {
      await this.store.update(LAST_SEED_KEY, seed);
    }
  }
}
