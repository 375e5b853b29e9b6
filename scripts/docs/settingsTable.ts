/**
 * Writes the README's settings table from package.json (and package.nls.json for the words), so
 * the README lists exactly the settings the extension declares.
 *
 *   node out/scripts/docs/settingsTable.js [--write | --check]
 */
import * as fs from 'fs';
import * as path from 'path';

interface SettingSchema {
  type?: string | string[];
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  description?: string;
  markdownDescription?: string;
  scope?: string;
}

function localized(text: string | undefined, nls: Record<string, string>): string {
  if (!text) {
    return '';
  }
  const key = /^%(.+)%$/.exec(text)?.[1];
  return key ? nls[key] ?? text : text;
}

function allowed(schema: SettingSchema): string {
  if (schema.enum) {
    return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(', ');
  }
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    return `${schema.minimum ?? '…'}–${schema.maximum ?? '…'}`;
  }
  return '';
}

export function renderSettingsTable(manifest: { contributes?: { configuration?: unknown } }, nls: Record<string, string>): string {
  const configurations = ([] as { properties?: Record<string, SettingSchema> }[]).concat(
    (manifest.contributes?.configuration ?? []) as { properties?: Record<string, SettingSchema> },
  );
  const lines = ['| Setting | Default | Values | What it does |', '| --- | --- | --- | --- |'];
  for (const configuration of configurations) {
    for (const [name, schema] of Object.entries(configuration.properties ?? {})) {
      const description = localized(schema.markdownDescription ?? schema.description, nls)
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\|/g, '\\|');
      const scope = schema.scope === 'application' ? ' *(user settings only)*' : '';
      lines.push(`| \`${name}\` | \`${JSON.stringify(schema.default ?? null)}\` | ${allowed(schema)} | ${description}${scope} |`);
    }
  }
  return lines.join('\n');
}

const START = '<!-- settings-table:start -->';
const END = '<!-- settings-table:end -->';

function main(): void {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const nlsPath = path.join(repoRoot, 'package.nls.json');
  const nls = fs.existsSync(nlsPath) ? JSON.parse(fs.readFileSync(nlsPath, 'utf8')) : {};
  const table = renderSettingsTable(manifest, nls);
  const readmePath = path.join(repoRoot, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${START} … ${END} markers`);
  }
  const updated = `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
  if (process.argv[2] === '--write') {
    fs.writeFileSync(readmePath, updated);
    console.log('README.md: settings table written');
  } else if (process.argv[2] === '--check') {
    if (updated !== readme) {
      console.error('README.md: the settings table is out of date; run `npm run docs`');
      process.exit(1);
    }
  } else {
    console.log(table);
  }
}

if (require.main === module) {
  main();
}
