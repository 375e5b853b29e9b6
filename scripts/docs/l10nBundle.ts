/**
 * Writes l10n/bundle.l10n.json, the English bundle translators start from: every message of
 * `vscode.l10n.t(…)` and of `@vscode/l10n`'s `l10n.t(…)` in src/, extracted by the maintained
 * `@vscode/l10n-dev` (what `l10n-dev export` does), written with sorted keys so that a new message
 * is a one-line diff. A translation is then l10n/bundle.l10n.<locale>.json with the same keys.
 *
 *   node out/scripts/docs/l10nBundle.js           exit 1 when l10n/bundle.l10n.json is out of date
 *   node out/scripts/docs/l10nBundle.js --write   write it
 */
import * as fs from 'fs';
import * as path from 'path';
import { getL10nJson } from '@vscode/l10n-dev';
import { REPO, messageCalls, sourceFiles } from './l10nCalls';

/** As `@vscode/l10n-dev` writes it: the message, or the message with its translator's comment. */
export type BundleEntry = string | { message: string; comment: string[] };

export type Bundle = Record<string, BundleEntry>;

export const BUNDLE_PATH = path.join(REPO, 'l10n', 'bundle.l10n.json');

/** Sorted keys, two-space JSON and a final newline, so that a new message is a one-line diff. */
export function renderBundle(bundle: Bundle): string {
  const sorted: Bundle = {};
  for (const key of Object.keys(bundle).sort()) {
    sorted[key] = bundle[key];
  }
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/**
 * The bundle the sources call for now, and the calls the extractor would pass over without a
 * word (a message built in code): those are problems, each naming its place.
 */
export async function currentBundle(): Promise<{ text: string; problems: string[] }> {
  const files = sourceFiles();
  const problems = files
    .flatMap(messageCalls)
    .filter((call) => call.message === undefined)
    .map((call) => `${call.where}: ${call.problem ?? 'no message'}`);
  const bundle = await getL10nJson(files.map((file) => ({ extension: path.extname(file), contents: fs.readFileSync(file, 'utf8') })));
  return { text: renderBundle(bundle), problems };
}

async function main(): Promise<void> {
  const { text, problems } = await currentBundle();
  if (problems.length > 0) {
    console.error(`These calls have no message a bundle could hold:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const relative = path.relative(REPO, BUNDLE_PATH);
  if (process.argv[2] === '--write') {
    fs.mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
    fs.writeFileSync(BUNDLE_PATH, text);
    console.log(`${relative}: ${Object.keys(JSON.parse(text) as Bundle).length} messages written`);
    return;
  }
  const committed = fs.existsSync(BUNDLE_PATH) ? fs.readFileSync(BUNDLE_PATH, 'utf8') : '';
  if (committed !== text) {
    console.error(`${relative} is out of date; run \`npm run docs\``);
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
