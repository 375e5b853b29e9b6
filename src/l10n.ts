/**
 * Localisation for the plain modules (api, imaging, options), which must not import `vscode` so
 * that they run in plain Node. They call `t` here; at activation the extension hands in
 * `vscode.l10n.t`, so the same bundle translates them. Until then (and in unit tests) messages
 * are formatted as English, the way `vscode.l10n.t` formats them for the default language.
 *
 * Rules for callers, the same as for `vscode.l10n.t`: the message is a string literal holding a
 * whole sentence with `{0}`-style placeholders (never text pieced together in code, so that
 * translators see whole sentences); a plural is a second whole sentence, not an "s" added in code.
 */

export type MessageArg = string | number | boolean;
export type NamedArgs = Record<string, unknown>;

/** The options form, for a translator's comment on a message whose sense is not plain. */
export interface MessageOptions {
  message: string;
  args?: MessageArg[] | NamedArgs;
  comment: string | string[];
}

/** The call shapes of `vscode.l10n.t`, so that it can be installed as is. */
export interface Localizer {
  (message: string, ...args: MessageArg[]): string;
  (message: string, args: NamedArgs): string;
  (options: MessageOptions): string;
}

const PLACEHOLDER = /\{([^}]+)\}/g;

/**
 * Fills `{0}` or `{name}` from the arguments. A placeholder with no argument stays as written,
 * and a message given no arguments at all is returned untouched, as VS Code does.
 */
export function formatMessage(message: string, args: readonly MessageArg[] | NamedArgs): string {
  const positional = Array.isArray(args);
  if ((positional ? args.length : Object.keys(args).length) === 0) {
    return message;
  }
  const values = args as Record<string, unknown>;
  return message.replace(PLACEHOLDER, (placeholder, name: string) => {
    // Indexes for positional arguments, own keys for named ones: "{length}" stays text.
    const known = positional ? /^\d+$/.test(name) : Object.prototype.hasOwnProperty.call(values, name);
    const value = known ? values[name] : undefined;
    return value === undefined || value === null ? placeholder : String(value);
  });
}

function formatInEnglish(...params: [string, ...MessageArg[]] | [string, NamedArgs] | [MessageOptions]): string {
  const [first, ...rest] = params;
  if (typeof first !== 'string') {
    return formatMessage(first.message, first.args ?? []);
  }
  const named = rest.length === 1 && typeof rest[0] === 'object' && rest[0] !== null;
  return formatMessage(first, named ? (rest[0] as NamedArgs) : (rest as MessageArg[]));
}

export const englishLocalizer: Localizer = formatInEnglish as Localizer;

let current: Localizer = englishLocalizer;

/**
 * Installs the translator, once at activation: `setLocalizer(vscode.l10n.t)`. Tests install a
 * stand-in and restore English with `setLocalizer(undefined)`.
 */
export function setLocalizer(localizer: Localizer | undefined): void {
  current = localizer ?? englishLocalizer;
}

/** Translates a message (see the file comment for what a message must be). */
export function t(message: string, ...args: MessageArg[]): string;
export function t(message: string, args: NamedArgs): string;
export function t(options: MessageOptions): string;
export function t(...params: [string, ...MessageArg[]] | [string, NamedArgs] | [MessageOptions]): string {
  return (current as (...p: typeof params) => string)(...params);
}
