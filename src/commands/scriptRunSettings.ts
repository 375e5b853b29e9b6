/**
 * The third argument of `fluxRedux.createVariations(uri, options, settings)`: how the run is
 * handled, as opposed to what is generated. Checked like the options, before anything is read or
 * sent, and answered with words a user can act on.
 */
import * as l10n from '@vscode/l10n';
import { describeValue } from '../options/validate';
import { isRecord } from '../shared/guards';

export interface ScriptRunSettings {
  /** Save every result into the save folder, as Save all does, without ever asking. */
  save: boolean;
}

export type ScriptRunSettingsResult = { ok: true; value: ScriptRunSettings } | { ok: false; message: string };

const KNOWN_FIELDS: readonly string[] = ['save'];

/** `undefined` (the argument left out) means the defaults. */
export function validateScriptRunSettings(value: unknown): ScriptRunSettingsResult {
  if (value === undefined) {
    return { ok: true, value: { save: false } };
  }
  if (!isRecord(value)) {
    return {
      ok: false,
      message: l10n.t('The third argument of fluxRedux.createVariations must be an object such as {0}; got {1}', '{ save: true }', describeValue(value)),
    };
  }
  const unknown = Object.keys(value).filter((key) => !KNOWN_FIELDS.includes(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: l10n.t(
        'The third argument of fluxRedux.createVariations knows only the field save (true or false); got {0}',
        unknown.map((key) => `"${key}"`).join(', '),
      ),
    };
  }
  const save = value.save;
  if (save !== undefined && typeof save !== 'boolean') {
    return {
      ok: false,
      message: l10n.t('save (third argument of fluxRedux.createVariations) must be true or false; got {0}', describeValue(save)),
    };
  }
  return { ok: true, value: { save: save === true } };
}
