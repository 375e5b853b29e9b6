import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { collectTitles, renderTable, replaceTable, ROWS, titlesOf, matches } from '../../scripts/docs/reliabilityTable';
import { renderSettingsTable } from '../../scripts/docs/settingsTable';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
// The full reliability table is development material: it lives in CONTRIBUTING.md.
const contributing = fs.readFileSync(path.join(repoRoot, 'CONTRIBUTING.md'), 'utf8');

describe('README tables generated from the code', () => {
  it('finds describe and it titles, templates included', () => {
    const titles = titlesOf('x.test.ts', "describe('outer', () => { it('one', () => {}); for (const m of ['a']) { it(`two ${m} end`, () => {}); } });");
    assert.deepEqual(titles, ['outer › one', 'outer › two … end']);
  });

  it('has the reliability table as the tests make it (run `npm run docs` after adding tests)', () => {
    const table = renderTable(collectTitles(path.join(repoRoot, 'test')));
    assert.equal(replaceTable(contributing, table), contributing);
  });

  it('has a test behind every reliability row', () => {
    const titles = collectTitles(path.join(repoRoot, 'test'));
    const empty = ROWS.filter((row) => !titles.some((t) => matches(row, t.title))).map((row) => row.promise);
    assert.deepEqual(empty, []);
  });

  it('lists every declared setting', () => {
    type Manifest = Parameters<typeof renderSettingsTable>[0];
    type Nls = Parameters<typeof renderSettingsTable>[1];
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Nls;
    assert.ok(readme.includes(renderSettingsTable(manifest, nls)), 'run `npm run docs`');
  });
});
