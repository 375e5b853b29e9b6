/**
 * Writes CONTRIBUTING.md's "Reliability" table from the tests' own titles, so the table cannot claim
 * a test that does not exist. Each row is one promise of the reliability issue; the tests that
 * keep it are found by the words of their titles (describe + it), and counted per suite.
 *
 *   node out/scripts/docs/reliabilityTable.js           print the table
 *   node out/scripts/docs/reliabilityTable.js --write   replace it in CONTRIBUTING.md
 *   node out/scripts/docs/reliabilityTable.js --check   exit 1 when CONTRIBUTING.md is out of date
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export interface TestTitle {
  suite: 'unit' | 'integration' | 'e2e' | 'webview';
  file: string;
  title: string;
}

export interface Row {
  promise: string;
  /** A title matches when every regular expression of one of the alternatives matches it. */
  match: RegExp[][];
}

/** The rows of the reliability issue, in its order. */
export const ROWS: Row[] = [
  { promise: 'An empty file is refused with a clear message', match: [[/empty/i, /refus|clear|0 bytes/i]] },
  { promise: 'A text file named .png is refused', match: [[/text file|not an image|text named/i]] },
  { promise: 'Truncated PNG, JPEG and WebP files are refused', match: [[/truncat|cut off|cut short/i]] },
  { promise: 'Files over the upload limit are refused, naming the setting', match: [[/over the (upload )?limit|too large|maxUploadMB/i]] },
  { promise: 'Other formats (GIF, BMP, SVG…) are converted or refused with the formats taken', match: [[/gif|bmp|svg|tiff|heic|avif/i, /convert|refus|names?|decod/i]] },
  { promise: 'Names with spaces, unicode and shell characters', match: [[/unicode|shell characters|spaces/i]] },
  { promise: 'A failed save (read-only place, full disk) keeps the result and says why', match: [[/read-only|full place|disk is full|sav(e|ing)\b.*fail/i]] },
  { promise: 'A source on a virtual file system; saving asks where without a folder', match: [[/virtual file system|asking where|asks where|save dialog|no folder/i]] },
  { promise: '401/403 with the server\'s message and "Set API Key"', match: [[/401|403|rejected key|unauthori[sz]ed/i]] },
  { promise: '413 payload too large', match: [[/413|payload.too.large/i]] },
  { promise: '429 with and without Retry-After', match: [[/429|retry-after|rate.limit/i]] },
  { promise: '500 and a 502 HTML page', match: [[/\b5\d\d\b|html page|502/i]] },
  { promise: 'Malformed JSON and odd 200 answers (not SUCCESS, no results)', match: [[/malformed json|broken json|not.success|processing|no results|insufficient/i]] },
  { promise: 'Fewer results than asked are shown as withheld, not as an error', match: [[/withheld|fewer/i]] },
  { promise: 'A refused asset base falls through to the next', match: [[/base/i, /refus|falls? through|next|remember/i]] },
  { promise: 'A download that returns HTML or is cut short is rejected', match: [[/download/i, /html|cut|truncat|short/i]] },
  { promise: 'Connection resets, servers that never answer (time-outs), Cancel on a slow server', match: [[/\breset|never answers?|\bhang|time.?out|stall|\bcancel/i]] },
  { promise: 'Retries with backoff and Retry-After for uploads and downloads', match: [[/retr(y|ies)|backoff/i]] },
  { promise: 'The paid call is never resent after a time-out or 5xx', match: [[/not (retried|resent)|never resen|paid call|pay(ing)? twice|generate.*once/i]] },
  { promise: 'Results are stored before they are shown; records are written atomically', match: [[/before (it is |they are |reporting|anyone)|atomic|to disk before|stored before/i]] },
  { promise: 'A failed write to global storage (full disk, a busy rename) keeps the results, saveable and shown, and says so', match: [[/global storage|full disk|kept (only )?in memory/i]] },
  { promise: 'After a reload the gallery shows what arrived and the run as interrupted', match: [[/reload|interrupted/i]] },
  { promise: 'A paid run cut off by a reload or crash resumes at the next start: results stored, one paid call', match: [[/resum/i, /features call|results|missing|reload/i]] },
  { promise: 'Two windows never resume or write the same run: one lease holder, taken over by one window only', match: [[/window/i, /lease|exactly one|in another window/i]] },
  { promise: 'The key is found in no log, storage, workspace, webview message, error or notification', match: [[/leaks? nowhere|is not in/i]] },
  { promise: 'The key never reaches an asset host, nor follows a redirect', match: [[/asset host|key.*redirect|redirect.*key|keyLeaks|307/i]] },
  { promise: 'A workspace cannot redirect the key', match: [[/workspace names|workspace cannot|workspace.*key/i]] },
  { promise: 'Location and camera metadata are removed from uploads', match: [[/^(?!.*(recipe|embedRecipe))(?=.*(gps|exif|xmp|metadata))/i]] },
  { promise: 'The webview\'s Content Security Policy', match: [[/csp|content security|nonce/i]] },
  { promise: 'Forged or malformed webview messages are refused', match: [[/forged|malformed (host |webview )?messages?|refuses? .*message|protocol: webview → host/i]] },
  { promise: 'Saved names are sanitised and stay in the chosen folder', match: [[/sanitis|sanitiz|separator|file system refuses|outside/i]] },
  { promise: 'Twenty queued runs respect fluxRedux.concurrency', match: [[/concurrency|queue/i]] },
  { promise: 'Results come only from under fluxRedux.assetBaseUrls, every redirect checked', match: [[/elsewhere|another bucket|link-local|under (a|no) base/i]] },
  { promise: 'Results over 50 MB or 40 megapixels are refused before they are stored', match: [[/50 MB|40 megapixels/i]] },
];

const SUITE_OF_FOLDER: Record<string, TestTitle['suite']> = {
  unit: 'unit',
  integration: 'integration',
  'integration-empty': 'integration',
  e2e: 'e2e',
  webview: 'webview',
};

function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `…${span.literal.text}`).join('');
  }
  return undefined;
}

/** Every `it(...)` of a file, with the titles of its enclosing `describe(...)` calls. */
export function titlesOf(filePath: string, source: string): string[] {
  const file = ts.createSourceFile(filePath, source, ts.ScriptTarget.ES2022, true);
  const titles: string[] = [];
  const visit = (node: ts.Node, parents: string[]) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.arguments.length > 0) {
      const name = node.expression.text;
      const text = literalText(node.arguments[0]);
      if (text !== undefined && name === 'describe') {
        ts.forEachChild(node, (child) => visit(child, [...parents, text]));
        return;
      }
      if (text !== undefined && name === 'it') {
        titles.push([...parents, text].join(' › '));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, parents));
  };
  visit(file, []);
  return titles;
}

export function collectTitles(testRoot: string): TestTitle[] {
  const found: TestTitle[] = [];
  for (const [folder, suite] of Object.entries(SUITE_OF_FOLDER)) {
    const dir = path.join(testRoot, folder);
    if (!fs.existsSync(dir)) {
      continue;
    }
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.test.ts')) {
        continue;
      }
      const filePath = path.join(dir, name);
      for (const title of titlesOf(filePath, fs.readFileSync(filePath, 'utf8'))) {
        found.push({ suite, file: `test/${folder}/${name}`, title });
      }
    }
  }
  return found;
}

export function matches(row: Row, title: string): boolean {
  return row.match.some((all) => all.every((pattern) => pattern.test(title)));
}

export function renderTable(titles: TestTitle[]): string {
  const lines = [
    '| What must hold | Unit | Real VS Code | Browser | Example test |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of ROWS) {
    const hits = titles.filter((t) => matches(row, t.title));
    const count = (suites: TestTitle['suite'][]) => hits.filter((h) => suites.includes(h.suite)).length;
    const example = hits.find((h) => h.suite === 'integration' || h.suite === 'e2e') ?? hits[0];
    const exampleText = example ? `${example.title.replace(/\|/g, '\\|')} (\`${example.file}\`)` : '**none yet**';
    lines.push(`| ${row.promise} | ${count(['unit'])} | ${count(['integration'])} | ${count(['e2e', 'webview'])} | ${exampleText} |`);
  }
  const total = (suite: TestTitle['suite']) => titles.filter((t) => t.suite === suite).length;
  lines.push('');
  lines.push(
    `All suites: ${total('unit')} unit tests, ${total('integration')} in the real VS Code, ` +
      `${total('e2e')} end-to-end and ${total('webview')} gallery browser tests (titles counted by \`npm run docs:reliability\`; ` +
      'a test may count in several rows).',
  );
  return lines.join('\n');
}

const START = '<!-- reliability-table:start -->';
const END = '<!-- reliability-table:end -->';

export function replaceTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`CONTRIBUTING.md has no ${START} … ${END} markers`);
  }
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

function main(): void {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const table = renderTable(collectTitles(path.join(repoRoot, 'test')));
  const readmePath = path.join(repoRoot, 'CONTRIBUTING.md');
  const mode = process.argv[2];
  if (mode === '--write') {
    fs.writeFileSync(readmePath, replaceTable(fs.readFileSync(readmePath, 'utf8'), table));
    console.log('CONTRIBUTING.md: reliability table written');
  } else if (mode === '--check') {
    const readme = fs.readFileSync(readmePath, 'utf8');
    if (replaceTable(readme, table) !== readme) {
      console.error('CONTRIBUTING.md: the reliability table is out of date; run `npm run docs:reliability`');
      process.exit(1);
    }
  } else {
    console.log(table);
  }
}

if (require.main === module) {
  main();
}
