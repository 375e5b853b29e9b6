/**
 * The committed English bundle (l10n/bundle.l10n.json) is what translators start from, so it must
 * hold exactly the messages the sources ask for: after adding or changing a message, run
 * `npm run docs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_PATH, bundleOf, currentBundle, renderBundle, type Bundle } from '../../scripts/docs/l10nBundle';
import { SRC, bundleKey, messageCallsInText } from '../../scripts/docs/l10nCalls';

describe('l10n: the English bundle', () => {
  it('is up to date with the messages in src (run `npm run docs` after adding one)', () => {
    const { text, problems } = currentBundle();
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

describe('l10n: collecting messages for the bundle', () => {
  /** A file placed in src/gallery, so that '../l10n' is our module. */
  const probe = (text: string) => bundleOf(messageCallsInText(path.join(SRC, 'gallery', 'probe.ts'), text));

  it('takes vscode.l10n.t, l10n.t imported from vscode and our t under any local name, and nothing else', () => {
    const { bundle, problems } = probe(`
      import * as code from 'vscode';
      import { l10n as words } from 'vscode';
      import { t as say } from '../l10n';
      import { t } from './elsewhere';
      code.l10n.t('From the namespace');
      words.t('From the named import {0}', 1);
      say('From our t {0}', 'x');
      t('Not a translator');
      other.l10n.t('Not vscode');
      code.window.t('Not l10n');
    `);
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(bundle).sort(), ['From our t {0}', 'From the named import {0}', 'From the namespace']);
  });

  it('keys a message with a comment as message/comment, its lines joined with nothing', () => {
    const { bundle } = probe(`
      import { t } from '../l10n';
      t({ message: '{0}: {1}', args: [a, b], comment: ['A name, ', 'then its value'] });
      t({ message: 'Open', comment: 'a verb' });
      t('Open');
    `);
    assert.deepEqual(bundle, {
      '{0}: {1}/A name, then its value': { message: '{0}: {1}', comment: ['A name, ', 'then its value'] },
      'Open/a verb': { message: 'Open', comment: ['a verb'] },
      Open: 'Open',
    });
  });

  it('reports a call whose message is built in code instead of leaving it out silently', () => {
    const { bundle, problems } = probe(`
      import * as vscode from 'vscode';
      vscode.l10n.t(prefix + ' saved');
    `);
    assert.deepEqual(bundle, {});
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^src\/gallery\/probe\.ts:3: the message must be a string literal/);
  });

  it('writes sorted keys as two-space JSON with a final newline', () => {
    assert.equal(renderBundle({ b: 'b', a: { message: 'a', comment: ['c'] } }), '{\n  "a": {\n    "message": "a",\n    "comment": [\n      "c"\n    ]\n  },\n  "b": "b"\n}\n');
  });
});
