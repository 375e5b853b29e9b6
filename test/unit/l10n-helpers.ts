import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';

type BundleEntry = string | { message: string; comment: string[] };

const BUNDLE_PATH = path.resolve(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.json');

/**
 * The English bundle with every message wrapped in «…», the way a real translation changes every
 * word it translates. Installed with `l10n.config`, as the extension installs VS Code's bundle, so
 * text that did not go through `l10n.t` shows no marks, and neither does a message filled in
 * before `l10n.t` saw it (its key is not in the bundle).
 */
export function markingBundle(): Record<string, BundleEntry> {
  const english = JSON.parse(fs.readFileSync(BUNDLE_PATH, 'utf8')) as Record<string, BundleEntry>;
  const marked: Record<string, BundleEntry> = {};
  for (const [key, entry] of Object.entries(english)) {
    marked[key] = typeof entry === 'string' ? `«${entry}»` : { message: `«${entry.message}»`, comment: entry.comment };
  }
  return marked;
}

export function installMarkingBundle(): void {
  l10n.config({ contents: markingBundle() });
}

/** Back to no bundle: messages as written, as VS Code runs in English. */
export function restoreEnglish(): void {
  l10n.config({ contents: {} });
}

/** Installs the marking bundle around each test of the calling `describe` and restores English after. */
export function useMarkingBundle(): void {
  beforeEach(installMarkingBundle);
  afterEach(restoreEnglish);
}

/** Wholly translated: one «…» around all of it (an icon such as `$(warning) ` may lead). */
export function isMarked(text: string): boolean {
  return /^(\$\([a-z-]+\) )?«[\s\S]*»$/.test(text);
}
