/**
 * `fluxRedux.presets`: named options JSON (`{ "<name>": { "aspect_ratio": "16:9", … } }`), from
 * the user's settings and the workspace's, so a team can share presets in its repository. Every
 * preset is checked like script options; a wrong one stays listed with what is wrong, so the
 * person who wrote it sees why it does not run. Plain code: the setting's values arrive as read.
 */
import * as l10n from '@vscode/l10n';
import { isRecord } from '../shared/guards';
import { resolveChoices } from './resolve';
import type { OptionChoices } from './summary';
import type { ModelId } from './types';
import { describeValue, validateScriptOptions, type ScriptOptions } from './validate';

/** The setting's key under the `fluxRedux` section. */
export const PRESETS_SETTING = 'presets';

/** Long enough for a descriptive name, short enough for one quick pick row. */
export const MAX_PRESET_NAME_LENGTH = 80;

export type PresetOrigin = 'user' | 'workspace';

export type Preset =
  | { kind: 'usable'; name: string; origin: PresetOrigin; options: ScriptOptions }
  | { kind: 'invalid'; name: string; origin: PresetOrigin; problem: string };

/** The setting's value in each place it can be set, as VS Code's `inspect()` reports them. */
export interface PresetsSettingValues {
  user?: unknown;
  workspace?: unknown;
}

export interface PresetsReading {
  presets: Preset[];
  /** Why a whole layer was left out (not an object, or workspace presets in Restricted Mode), for the log. */
  notes: string[];
}

/** The problem with a preset's name, or undefined when it can be one. */
export function presetNameProblem(name: string): string | undefined {
  if (name.trim() === '') {
    return l10n.t('A preset needs a name.');
  }
  if (name.length > MAX_PRESET_NAME_LENGTH) {
    return l10n.t('A preset name can be at most {0} characters long.', MAX_PRESET_NAME_LENGTH);
  }
  return /[\u0000-\u001f\u007f]/.test(name) ? l10n.t('A preset name cannot hold control characters.') : undefined;
}

function presetOf(name: string, value: unknown, origin: PresetOrigin): Preset {
  const nameProblem = presetNameProblem(name);
  if (nameProblem) {
    return { kind: 'invalid', name, origin, problem: nameProblem };
  }
  if (!isRecord(value)) {
    return { kind: 'invalid', name, origin, problem: l10n.t('A preset must be an object of options; got {0}', describeValue(value)) };
  }
  const validated = validateScriptOptions(value);
  return validated.ok
    ? { kind: 'usable', name, origin, options: validated.value }
    : { kind: 'invalid', name, origin, problem: validated.message };
}

/**
 * The presets in the order they are written: the user's, then the workspace's. A workspace preset
 * of the same name replaces the user's, as a workspace setting overrides a user setting. In an
 * untrusted workspace (Restricted Mode) the workspace's presets are not read: a cloned repository
 * must not pick what runs.
 */
export function readPresets(values: PresetsSettingValues, workspaceTrusted: boolean): PresetsReading {
  const notes: string[] = [];
  const byName = new Map<string, Preset>();
  const addLayer = (layer: unknown, origin: PresetOrigin) => {
    if (layer === undefined || layer === null) {
      return;
    }
    if (!isRecord(layer)) {
      notes.push(`fluxRedux.presets in ${origin} settings is not an object (${describeValue(layer)}); it is ignored.`);
      return;
    }
    for (const [name, value] of Object.entries(layer)) {
      byName.set(name, presetOf(name, value, origin));
    }
  };
  addLayer(values.user, 'user');
  if (workspaceTrusted) {
    addLayer(values.workspace, 'workspace');
  } else if (values.workspace !== undefined && values.workspace !== null) {
    notes.push('fluxRedux.presets in this workspace\'s settings is ignored: the workspace is not trusted (Restricted Mode), so only your user presets are offered.');
  }
  return { presets: [...byName.values()], notes };
}

/** What a usable preset runs: its options over the `fluxRedux.defaults.*` settings, as a script's would. */
export interface PresetRun {
  choices: OptionChoices;
  model: ModelId;
}

/**
 * A preset means what the same options JSON means to `fluxRedux.createVariations`: what it leaves
 * out comes from the settings (never the last interactive choices), a missing seed is random and
 * a missing model is `fluxRedux.model`.
 */
export function presetRun(options: ScriptOptions, settingsDefaults: Partial<OptionChoices>, settingsModel: ModelId): PresetRun {
  const { model: presetModel, ...picked } = options;
  const model = presetModel ?? settingsModel;
  return { choices: resolveChoices({ picked, settings: settingsDefaults, model }), model };
}

/**
 * The options JSON a preset stores for a set of choices: a random seed is left out (so the preset
 * draws a new one each run), everything else is written, the model included.
 */
export function presetOptionsOf(choices: OptionChoices, model: ModelId): ScriptOptions {
  const { seed, ...rest } = choices;
  return { model, ...rest, ...(seed === 'random' ? {} : { seed }) };
}
