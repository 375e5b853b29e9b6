import * as assert from 'node:assert/strict';
import Module from 'node:module';
import type * as GalleryStrings from '../../src/gallery/strings';
import { fillTemplate, GALLERY_STRING_DEFAULTS, GALLERY_STRING_KEYS } from '../../src/shared/galleryStrings';

type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

/**
 * src/gallery/strings.ts imports `vscode`, which exists only in the extension host. Here a
 * stand-in l10n.t records each call and returns the message with a marker, as a translation
 * bundle would, so the test sees that every key went through l10n.
 */
function loadGalleryStrings(): { strings: Record<string, string>; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const fakeVscode = {
    l10n: {
      t: (...args: unknown[]) => {
        calls.push(args);
        return `«${String(args[0])}»`;
      },
    },
  };
  const fakePath = '/virtual/vscode-stand-in.js';
  const originalResolve = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakePath : originalResolve.call(this, request, ...rest);
  };
  const stub = new Module(fakePath);
  stub.exports = fakeVscode;
  stub.loaded = true;
  require.cache[fakePath] = stub;
  const modulePath = require.resolve('../../src/gallery/strings');
  delete require.cache[modulePath];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads afresh, synchronously, while the stand-in resolver is installed
    const { galleryStrings } = require(modulePath) as typeof GalleryStrings;
    return { strings: galleryStrings(), calls };
  } finally {
    moduleInternals._resolveFilename = originalResolve;
    delete require.cache[fakePath];
    delete require.cache[modulePath];
  }
}

describe('gallery strings', () => {
  it('translates every key the webview uses, and nothing else', () => {
    const { strings } = loadGalleryStrings();
    assert.deepEqual(Object.keys(strings).sort(), [...GALLERY_STRING_KEYS].sort());
  });

  it('sends each English default through vscode.l10n.t, placeholders intact', () => {
    const { strings, calls } = loadGalleryStrings();
    assert.equal(calls.length, GALLERY_STRING_KEYS.length);
    for (const key of GALLERY_STRING_KEYS) {
      assert.equal(strings[key], `«${GALLERY_STRING_DEFAULTS[key]}»`, key);
    }
    for (const call of calls) {
      assert.equal(call.length, 1, 'templates are filled by the webview, not by l10n.t');
    }
  });

  it('has the accessible names the design brief asks for', () => {
    assert.equal(GALLERY_STRING_DEFAULTS.save, 'Save');
    assert.equal(GALLERY_STRING_DEFAULTS.saveAs, 'Save As…');
    assert.equal(GALLERY_STRING_DEFAULTS.open, 'Open');
    assert.equal(GALLERY_STRING_DEFAULTS.saveAll, 'Save all');
    assert.equal(GALLERY_STRING_DEFAULTS.cancel, 'Cancel');
    assert.equal(fillTemplate(GALLERY_STRING_DEFAULTS.resultAlt, [2, 'harbour.png']), 'Variation 2 of harbour.png');
    assert.equal(
      fillTemplate(GALLERY_STRING_DEFAULTS.partial, [2, 3, 1]),
      '2 of 3 came back; 1 was withheld by the provider.',
    );
  });
});

describe('fillTemplate', () => {
  it('fills numbered placeholders in any order and more than once', () => {
    assert.equal(fillTemplate('{1} then {0}, again {1}', ['a', 'b']), 'b then a, again b');
  });

  it('leaves a placeholder without an argument as written', () => {
    assert.equal(fillTemplate('{0} of {1}', [3]), '3 of {1}');
  });

  it('does not read placeholders inside the arguments', () => {
    assert.equal(fillTemplate('{0} and {1}', ['{1}', 'x']), '{1} and x');
  });
});
