import * as assert from 'node:assert/strict';
import { createNonce, embedJson, escapeHtml, renderGalleryHtml, type GalleryHtmlParams } from '../../src/gallery/html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function params(overrides: Partial<GalleryHtmlParams> = {}): GalleryHtmlParams {
  return {
    cspSource: CSP_SOURCE,
    nonce: createNonce(),
    scriptUri: `${CSP_SOURCE}/ext/media/build/webview.js`,
    styleUri: `${CSP_SOURCE}/ext/media/build/gallery.css`,
    codiconsUri: `${CSP_SOURCE}/ext/media/build/codicons/codicon.css`,
    title: 'harbour.png',
    ...overrides,
  };
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1];
}

describe('gallery HTML shell', () => {
  it('sets exactly the agreed CSP, with this render\'s nonce', () => {
    const p = params();
    assert.equal(
      cspOf(renderGalleryHtml(p)),
      // blob: images since a result global storage refused is shown from bytes the host sends (issue 11).
      `default-src 'none'; img-src ${CSP_SOURCE} blob:; style-src ${CSP_SOURCE}; font-src ${CSP_SOURCE}; script-src 'nonce-${p.nonce}';`,
    );
  });

  it('puts the nonce on its one script tag, which loads the bundle', () => {
    const p = params();
    const html = renderGalleryHtml(p);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0], `<script nonce="${p.nonce}" src="${p.scriptUri}">`);
    assert.match(html, /<script[^>]*><\/script>/, 'the script tag has no inline body');
  });

  it('links the stylesheets and has no inline style or event handler', () => {
    const p = params();
    const html = renderGalleryHtml(p);
    assert.ok(html.includes(`<link rel="stylesheet" href="${p.styleUri}">`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${p.codiconsUri}">`));
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /\sstyle=/i);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /javascript:/i);
  });

  it('makes a different nonce every time, long enough not to be guessed', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) {
      assert.ok(Buffer.from(nonce, 'base64').length >= 16);
      assert.match(nonce, /^[A-Za-z0-9+/=]+$/, 'a nonce needs no escaping in the CSP');
    }
    const first = renderGalleryHtml(params());
    const second = renderGalleryHtml(params());
    assert.notEqual(cspOf(first), cspOf(second));
  });

  it('escapes the title (file names are untrusted)', () => {
    const html = renderGalleryHtml(params({ title: '</title><script>alert(1)</script>&"x".png' }));
    assert.ok(html.includes('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;x&quot;.png</title>'));
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
  });

  it('escapes URIs in attributes and keeps only a well-formed lang', () => {
    const html = renderGalleryHtml(params({ scriptUri: 'https://x/a"b.js', lang: 'de" onload="x' }));
    assert.ok(html.includes('src="https://x/a&quot;b.js"'));
    assert.ok(html.includes('<html lang="en">'));
    assert.ok(renderGalleryHtml(params({ lang: 'pt-BR' })).includes('<html lang="pt-BR">'));
  });

  describe('the first view in the page', () => {
    const hostile = '</script><script>alert(1)</script>.png';
    const firstView = {
      type: 'init',
      strings: { sourceAlt: 'Source image {0}' },
      view: { generationId: 'gen-1', sourceName: hostile, sourceSrc: `${CSP_SOURCE}/gen-1/source.png`, chips: [] },
      reportPainted: true,
    };

    function dataBlock(html: string): { open: string; body: string } {
      const match = /(<script type="application\/json"[^>]*>)([\s\S]*?)<\/script>/.exec(html);
      assert.ok(match, 'the page has a JSON data block');
      return { open: match[1], body: match[2] };
    }

    it('carries it as a JSON data block with this render\'s nonce, before the script that reads it', () => {
      const p = params({ firstView });
      const html = renderGalleryHtml(p);
      assert.equal(dataBlock(html).open, `<script type="application/json" id="first-view" nonce="${p.nonce}">`);
      assert.ok(html.indexOf('id="first-view"') < html.indexOf(`src="${p.scriptUri}"`));
      assert.equal(cspOf(html), cspOf(renderGalleryHtml({ ...p, firstView: undefined })), 'the CSP is the same with or without it');
    });

    it('keeps a source named </script><script>alert(1)</script>.png as text', () => {
      const html = renderGalleryHtml(params({ firstView }));
      const { body } = dataBlock(html);
      assert.doesNotMatch(body, /[<>&]/, 'nothing in the block can end it, open a comment or start a tag');
      assert.equal((html.match(/<script\b/gi) ?? []).length, 2, 'the data block and the bundle, nothing more');
      assert.equal((html.match(/<\/script/gi) ?? []).length, 2);
      assert.ok(!html.includes('alert(1)</script>'));
      assert.deepEqual(JSON.parse(body), firstView, 'the name reads back unchanged');
    });

    it('leaves the block out when there is no first view (a run that is gone)', () => {
      assert.doesNotMatch(renderGalleryHtml(params()), /application\/json/);
    });

    it('embedJson escapes what HTML or JavaScript would read as markup or a line end', () => {
      const value = { name: '<!-- a & b --> \u2028\u2029 "q" \\' };
      const embedded = embedJson(value);
      assert.equal(embedded, '{"name":"\\u003c!-- a \\u0026 b --\\u003e \\u2028\\u2029 \\"q\\" \\\\"}');
      assert.deepEqual(JSON.parse(embedded), value);
    });
  });

  it('escapeHtml turns every markup character into an entity', () => {
    assert.equal(escapeHtml(`<a href="x">&</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
