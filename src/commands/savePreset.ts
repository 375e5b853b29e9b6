/**
 * **Flux Redux: Save Settings as Preset…** (`fluxRedux.savePreset`): stores the current settings
 * (what "Run with current settings" would run), or a run's settings when a generation id is
 * given, under a name in the user's `fluxRedux.presets`. A name given as the second argument is
 * used without asking, so a keybinding or a script can save one too.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { LastChoices } from '../options/lastChoices';
import { presetNameProblem, presetOptionsOf } from '../options/presets';
import { saveUserPreset, userPresetsValue } from '../options/presetsSetting';
import { resolveChoices } from '../options/resolve';
import type { ScriptOptions } from '../options/validate';
import type { ExtensionConfig } from '../config';
import type { Notifier } from '../notifier';
import type { GenerationRecord } from '../runs/record';
import { isGenerationId } from '../runs/generationIds';

export interface SavePresetDeps {
  /** The record of a stored generation (live or finished). */
  loadRecord(id: string): Promise<GenerationRecord | undefined>;
  lastChoices: LastChoices;
  config(): ExtensionConfig;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
}

/** What is saved: a run's model and options (its seed included, as Copy Settings copies them), or the current settings. */
async function settingsToSave(deps: SavePresetDeps, generationId: unknown): Promise<{ options: ScriptOptions; suggestedName: string } | undefined> {
  if (generationId === undefined || generationId === null) {
    const config = deps.config();
    const choices = resolveChoices({ last: deps.lastChoices.recall(config.model), settings: config.optionDefaults, model: config.model });
    return { options: presetOptionsOf(choices, config.model), suggestedName: '' };
  }
  const record = isGenerationId(generationId) ? await deps.loadRecord(generationId) : undefined;
  if (!record) {
    void deps.notifier.error(vscode.l10n.t('There is no stored run {0} to save as a preset.', typeof generationId === 'string' ? generationId : typeof generationId));
    return undefined;
  }
  const stem = record.source.name.replace(/\.[^.]*$/, '');
  return { options: { model: record.model, ...record.options }, suggestedName: stem };
}

async function askName(suggested: string, taken: readonly string[]): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Save Settings as Preset'),
    prompt: vscode.l10n.t('The preset’s name, as the first quick pick of Create Variations will list it. It is saved in your user settings (fluxRedux.presets).'),
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const problem = presetNameProblem(text.trim());
      if (problem) {
        return problem;
      }
      return taken.includes(text.trim())
        ? { message: vscode.l10n.t('Enter replaces your preset "{0}".', text.trim()), severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  });
  return name?.trim();
}

export async function savePreset(deps: SavePresetDeps, generationId?: unknown, givenName?: unknown): Promise<string | undefined> {
  const toSave = await settingsToSave(deps, generationId);
  if (!toSave) {
    return undefined;
  }
  const name = typeof givenName === 'string' ? givenName.trim() : await askName(toSave.suggestedName, Object.keys(userPresetsValue()));
  if (name === undefined) {
    return undefined; // Escape
  }
  const problem = presetNameProblem(name);
  if (problem) {
    void deps.notifier.error(problem);
    return undefined;
  }
  try {
    await saveUserPreset(name, toSave.options);
  } catch (error) {
    void deps.notifier.error(vscode.l10n.t('The preset "{0}" could not be saved: {1}', name, error instanceof Error ? error.message : String(error)));
    return undefined;
  }
  deps.log.info(`Saved the preset "${name}" in user settings: ${JSON.stringify(toSave.options)}`);
  void deps.notifier.info(vscode.l10n.t('Saved the preset "{0}" in your user settings. Create Variations lists it in its first quick pick.', name));
  return name;
}

export function registerSavePresetCommand(deps: SavePresetDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.savePreset, (generationId?: unknown, name?: unknown) => savePreset(deps, generationId, name));
}
