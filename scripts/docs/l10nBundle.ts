/**
 * Writes l10n/bundle.l10n.json, the English bundle translators start from: every message of
 * `vscode.l10n.t(…)` and of our own `t(…)` (src/l10n.ts) in src/, keyed the way VS Code looks
 * them up. `@vscode/l10n-dev export` would see only the first kind, hence this generator.
 * A translation is then l10n/bundle.l10n.<locale>.json with the same keys.
 *
 *   node out/scripts/docs/l10nBundle.js           exit 1 when l10n/bundle.l10n.json is out of date
 *   node out/scripts/docs/l10nBundle.js --write   write it
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, bundleKey, messageCalls, sourceFiles, type MessageCall } from './l10nCalls';

/** As `@vscode/l10n-dev` writes it: the message, or the message with its translator's comment. */
export type BundleEntry = string | { message: string; comment: string[] };

export type Bundle = Record<string, BundleEntry>;

export const BUNDLE_PATH = path.join(REPO, 'l10n', 'bundle.l10n.json');

/** The bundle of these calls, and what keeps a call out of it (each problem names its place). */
export function bundleOf(calls: readonly MessageCall[]): { bundle: Bundle; problems: string[] } {
  const bundle: Bundle = {};
  const problems: string[] = [];
  for (const call of calls) {
    if (call.message === undefined) {
      problems.push(`${call.where}: ${call.problem ?? 'no message'}`);
      continue;
    }
    const key = bundleKey(call.message, call.comment);
    bundle[key] = call.comment && call.comment.length > 0 ? { message: call.message, comment: call.comment } : call.message;
  }
  return { bundle, problems };
}

/** Sorted keys, two-space JSON and a final newline, so that a new message is a one-line diff. */
export function renderBundle(bundle: Bundle): string {
  const sorted: Bundle = {};
  for (const key of Object.keys(bundle).sort()) {
    sorted[key] = bundle[key];
  }
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** The bundle the sources call for now. */
export function currentBundle(): { text: string; problems: string[] } {
  const { bundle, problems } = bundleOf(sourceFiles().flatMap(messageCalls));
  return { text: renderBundle(bundle), problems };
}

function main(): void {
  const { text, problems } = currentBundle();
  if (problems.length > 0) {
    console.error(`These calls have no message a bundle could hold:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const relative = path.relative(REPO, BUNDLE_PATH);
  if (process.argv[2] === '--write') {
    fs.mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
    fs.writeFileSync(BUNDLE_PATH, text);
    console.log(`${relative}: ${Object.keys(JSON.parse(text)).length} messages written`);
    return;
  }
  const committed = fs.existsSync(BUNDLE_PATH) ? fs.readFileSync(BUNDLE_PATH, 'utf8') : '';
  if (committed !== text) {
    console.error(`${relative} is out of date; run \`npm run docs\``);
    process.exit(1);
  }
}

if (require.main === module) {
  main();
}
