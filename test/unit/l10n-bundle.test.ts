/**
 * The committed English bundle (l10n/bundle.l10n.json) is what translators start from, so it must
 * hold exactly the messages the sources ask for: after adding or changing a message, run
 * `npm run docs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_PATH, currentBundle, renderBundle, type Bundle } from '../../scripts/docs/l10nBundle';
import { SRC, bundleKey, messageCallsInText } from '../../scripts/docs/l10nCalls';

describe('l10n: the English bundle', () => {
  it('is up to date with the messages in src, as @vscode/l10n-dev extracts them (run `npm run docs` after adding one)', async () => {
    const { text, problems } = await currentBundle();
    assert.deepEqual(problems, []);
    assert.ok(fs.existsSync(BUNDLE_PATH), 'l10n/bundle.l10n.json is missing');
    assert.equal(fs.readFileSync(BUNDLE_PATH, 'utf8'), text);
  });

  it('has no empty message, and every key is the one VS Code looks the message up by', () => {
    const bundle = JSON.parse(fs.readFileSync(BUNDLE_PATH, 'utf8')) as Bundle;
    const entries = Object.entries(bundle);
    assert.ok(entries.length > 0, 'the bundle is empty');
    for (const [key, entry] of entries) {
      if (typeof entry === 'string') {
        assert.ok(entry.trim() !== '', `empty message under ${JSON.stringify(key)}`);
        assert.equal(key, entry);
        continue;
      }
      assert.ok(entry.message.trim() !== '', `empty message under ${JSON.stringify(key)}`);
      assert.ok(entry.comment.length > 0 && entry.comment.every((line) => line.trim() !== ''), `empty comment under ${JSON.stringify(key)}`);
      assert.equal(key, bundleKey(entry.message, entry.comment));
    }
  });

  it('holds the host’s words for the gallery and the plain modules’ words alike', () => {
    const bundle = JSON.parse(fs.readFileSync(BUNDLE_PATH, 'utf8')) as Bundle;
    for (const message of ['Retry download', 'No 1min.ai API key is set. Run “Flux Redux: Set API Key…” to add one.']) {
      assert.equal(bundle[message], message);
    }
  });
});

describe('l10n: finding the messages in the sources', () => {
  /** A file placed in src/gallery, as the sources are. */
  const probe = (text: string) => messageCallsInText(path.join(SRC, 'gallery', 'probe.ts'), text);
  const messages = (text: string) => probe(text).map((call) => `${call.via}: ${call.message}`);

  it('takes vscode.l10n.t, l10n.t imported from vscode and @vscode/l10n under any name, and nothing else', () => {
    assert.deepEqual(
      messages(`
      import * as code from 'vscode';
      import { l10n as words } from 'vscode';
      import * as say from '@vscode/l10n';
      import { t } from './elsewhere';
      code.l10n.t('From the namespace');
      words.t('From the named import {0}', 1);
      say.t('From the package {0}', 'x');
      t('Not a translator');
      other.l10n.t('Not vscode');
      code.window.t('Not l10n');
    `),
      ['vscode.l10n.t: From the namespace', 'vscode.l10n.t: From the named import {0}', 'l10n.t: From the package {0}'],
    );
  });

  it('keys a message with a comment as message/comment, its lines joined with nothing, as VS Code looks it up', () => {
    const calls = probe(`
      import * as l10n from '@vscode/l10n';
      l10n.t({ message: '{0}: {1}', args: [a, b], comment: ['A name, ', 'then its value'] });
      l10n.t({ message: 'Open', comment: 'a verb' });
      l10n.t('Open');
    `);
    assert.deepEqual(
      calls.map((call) => bundleKey(call.message ?? '', call.comment)),
      ['{0}: {1}/A name, then its value', 'Open/a verb', 'Open'],
    );
  });

  it('reports a call whose message is built in code, which the extractor would leave out silently', () => {
    const calls = probe(`
      import * as vscode from 'vscode';
      vscode.l10n.t(prefix + ' saved');
    `);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].message, undefined);
    assert.match(`${calls[0].where}: ${calls[0].problem}`, /^src\/gallery\/probe\.ts:3: the message must be a string literal/);
  });

  it('writes sorted keys as two-space JSON with a final newline', () => {
    assert.equal(renderBundle({ b: 'b', a: { message: 'a', comment: ['c'] } }), '{\n  "a": {\n    "message": "a",\n    "comment": [\n      "c"\n    ]\n  },\n  "b": "b"\n}\n');
  });
});
