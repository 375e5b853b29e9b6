import * as assert from 'node:assert/strict';
import {
  ACTION_IDS,
  isPaidAction,
  isHostMessage,
  parseWebviewMessage,
  type GalleryView,
  type WebviewMessage,
} from '../../src/shared/protocol';
import { isResultId } from '../../src/shared/idShapes';

const VIEW: GalleryView = {
  generationId: 'gen-1',
  sourceName: 'harbour.png',
  sourceSrc: 'https://file+.vscode-resource.vscode-cdn.net/store/gen-1/source.png',
  chips: [{ label: '4:3', title: 'Aspect ratio 4:3' }],
  requested: 2,
  state: { kind: 'queued', position: 1 },
  results: [],
};

describe('protocol: webview → host messages', () => {
  const valid: WebviewMessage[] = [
    { type: 'ready' },
    { type: 'save', resultId: 'res-1' },
    { type: 'saveAs', resultId: 'res_2' },
    { type: 'open', resultId: 'R3' },
    { type: 'revealSaved', resultId: 'r1' },
    { type: 'saveAll' },
    { type: 'cancel' },
    { type: 'retryDownload', resultId: 'res-4' },
    // Run Again and Reproduce (retryRun) are paid: they come with the token of an offer (issue 13).
    ...ACTION_IDS.map((action) => (isPaidAction(action) ? { type: 'runAction' as const, action, token: 'tok_ABCDEFGHIJKLMNOP' } : { type: 'runAction' as const, action })),
    { type: 'copySettings' },
    { type: 'copySeed' },
    // Vary is paid: a result id and the token of its offer. Breadcrumb links name a run (issue 13).
    { type: 'vary', resultId: 'r1', token: 'tok_ABCDEFGHIJKLMNOP' },
    { type: 'openLineage', generationId: '20261124T110000000-cccccc' },
    { type: 'openLineage', generationId: '20261124T110000000-cccccc', resultId: 'r2' },
    { type: 'painted', resultIds: ['res-1', 'res-2'], at: 1_700_000_000_000 },
    { type: 'painted', resultIds: [], at: 0 },
    { type: 'firstPaint', from: 'page', at: 1_700_000_000_300, scriptAt: 1_700_000_000_200, documentAt: 1_700_000_000_100, thumbnailAt: 1_700_000_000_320 },
    { type: 'firstPaint', from: 'state', at: 3, scriptAt: 2, documentAt: 1 },
    { type: 'firstPaint', from: 'init', at: 3, scriptAt: 2, documentAt: 1 },
  ];

  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => {
      assert.deepEqual(parseWebviewMessage(message), message);
    });
  }

  it('covers every message kind in the accepted list', () => {
    const kinds = new Set(valid.map((m) => m.type));
    assert.deepEqual(
      [...kinds].sort(),
      ['cancel', 'copySeed', 'copySettings', 'firstPaint', 'open', 'openLineage', 'painted', 'ready', 'retryDownload', 'revealSaved', 'runAction', 'save', 'saveAll', 'saveAs', 'vary'],
    );
  });

  it('returns a copy, not the object it was given', () => {
    const painted = { type: 'painted', resultIds: ['res-1'], at: 5 };
    const parsed = parseWebviewMessage(painted);
    assert.ok(parsed && parsed.type === 'painted');
    assert.notEqual(parsed.resultIds, painted.resultIds);
  });

  const refused: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'save'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { resultId: 'res-1' }],
    ['a numeric type', { type: 7 }],
    ['an unknown type', { type: 'deleteFile', resultId: 'res-1' }],
    ['a type from the other direction', { type: 'init', strings: {}, view: VIEW }],
    ['an extra field on ready', { type: 'ready', extra: true }],
    ['an extra field on save', { type: 'save', resultId: 'res-1', path: '/etc/passwd' }],
    ['a path instead of an id', { type: 'save', resultId: '../../.ssh/id_rsa' }],
    ['an absolute path instead of an id', { type: 'open', resultId: '/home/user/secret.png' }],
    ['a URI instead of an id', { type: 'open', resultId: 'file:///etc/passwd' }],
    ['an empty id', { type: 'saveAs', resultId: '' }],
    ['a path to reveal instead of an id', { type: 'revealSaved', resultId: '../../etc/passwd' }],
    ['a path beside the id to reveal', { type: 'revealSaved', resultId: 'r1', path: '/etc/passwd' }],
    ['revealSaved without an id', { type: 'revealSaved' }],
    ['an over-long id', { type: 'save', resultId: 'a'.repeat(65) }],
    ['a numeric id', { type: 'save', resultId: 1 }],
    ['a missing id', { type: 'retryDownload' }],
    ['an unknown action', { type: 'runAction', action: 'runShell' }],
    ['an action of the wrong type', { type: 'runAction', action: ['setApiKey'] }],
    ['an extra field on runAction', { type: 'runAction', action: 'showLog', command: 'rm' }],
    ['Run Again without a token', { type: 'runAction', action: 'runAgain' }],
    ['Reproduce without a token', { type: 'runAction', action: 'retryRun' }],
    ['Run Again with a short token', { type: 'runAction', action: 'runAgain', token: 'abc' }],
    ['Run Again with a token that is not a token', { type: 'runAction', action: 'runAgain', token: '<script>alert(1)</script>' }],
    ['Run Again with a numeric token', { type: 'runAction', action: 'runAgain', token: 12345678901234567890 }],
    ['a token on a free action', { type: 'runAction', action: 'showLog', token: 'tok_ABCDEFGHIJKLMNOP' }],
    ['an extra field on copySettings', { type: 'copySettings', json: '{}' }],
    ['an extra field on copySeed', { type: 'copySeed', seed: 1 }],
    ['Vary without a token', { type: 'vary', resultId: 'r1' }],
    ['Vary with a token that is not a token', { type: 'vary', resultId: 'r1', token: '<img src=x>' }],
    ['Vary of a path', { type: 'vary', resultId: '../r1', token: 'tok_ABCDEFGHIJKLMNOP' }],
    ['Vary with options of its own', { type: 'vary', resultId: 'r1', token: 'tok_ABCDEFGHIJKLMNOP', seed: 1 }],
    ['a breadcrumb naming a path', { type: 'openLineage', generationId: '../../etc' }],
    ['a breadcrumb naming a result by path', { type: 'openLineage', generationId: '20261124T110000000-cccccc', resultId: '/etc/passwd' }],
    ['a breadcrumb with a URI', { type: 'openLineage', generationId: '20261124T110000000-cccccc', uri: 'file:///x' }],
    ['painted without ids', { type: 'painted', at: 1 }],
    ['painted ids that are not ids', { type: 'painted', resultIds: ['../x'], at: 1 }],
    ['painted ids not in an array', { type: 'painted', resultIds: 'res-1', at: 1 }],
    ['painted with too many ids', { type: 'painted', resultIds: Array.from({ length: 17 }, (_, i) => `r${i}`), at: 1 }],
    ['painted with a string time', { type: 'painted', resultIds: [], at: '1' }],
    ['painted with an infinite time', { type: 'painted', resultIds: [], at: Infinity }],
    ['painted with NaN', { type: 'painted', resultIds: [], at: NaN }],
    ['an extra field on cancel', { type: 'cancel', generationId: 'gen-1' }],
    ['firstPaint from somewhere unknown', { type: 'firstPaint', from: 'disk', at: 3, scriptAt: 2, documentAt: 1 }],
    ['firstPaint without its script time', { type: 'firstPaint', from: 'page', at: 3, documentAt: 1 }],
    ['firstPaint with a string time', { type: 'firstPaint', from: 'page', at: '3', scriptAt: 2, documentAt: 1 }],
    ['firstPaint with an infinite thumbnail time', { type: 'firstPaint', from: 'page', at: 3, scriptAt: 2, documentAt: 1, thumbnailAt: Infinity }],
    ['firstPaint with a negative time', { type: 'firstPaint', from: 'page', at: -3, scriptAt: 2, documentAt: 1 }],
    ['an extra field on firstPaint', { type: 'firstPaint', from: 'page', at: 3, scriptAt: 2, documentAt: 1, html: '<b>' }],
  ];

  for (const [name, message] of refused) {
    it(`refuses ${name}`, () => {
      assert.equal(parseWebviewMessage(message), undefined);
    });
  }
});

describe('protocol: host → webview messages', () => {
  it('accepts init, update and focusResult', () => {
    assert.ok(isHostMessage({ type: 'init', strings: { save: 'Save' }, view: VIEW }));
    assert.ok(isHostMessage({ type: 'init', strings: {}, view: VIEW, reportPainted: true }));
    assert.ok(isHostMessage({ type: 'init', strings: {}, view: VIEW, reportPainted: false }));
    assert.ok(isHostMessage({ type: 'update', view: VIEW }));
    assert.ok(isHostMessage({ type: 'focusResult', resultId: 'res-1' }));
  });

  const refused: [string, unknown][] = [
    ['null', null],
    ['a string', 'init'],
    ['an unknown type', { type: 'eval', code: 'alert(1)' }],
    ['a webview message', { type: 'save', resultId: 'res-1' }],
    ['init without strings', { type: 'init', view: VIEW }],
    ['init with strings as an array', { type: 'init', strings: ['Save'], view: VIEW }],
    ['init without a view', { type: 'init', strings: {} }],
    ['init with reportPainted as a string', { type: 'init', strings: {}, view: VIEW, reportPainted: 'yes' }],
    ['update with a null view', { type: 'update', view: null }],
    ['update with a string view', { type: 'update', view: 'view' }],
    ['focusResult with a path', { type: 'focusResult', resultId: '../a.png' }],
    ['focusResult without an id', { type: 'focusResult' }],
  ];

  for (const [name, message] of refused) {
    it(`refuses ${name}`, () => {
      assert.equal(isHostMessage(message), false);
    });
  }
});

describe('protocol: result ids', () => {
  it('accepts short ids of letters, digits, dash and underscore', () => {
    for (const id of ['a', 'res-1', 'R_2', 'x'.repeat(64)]) {
      assert.ok(isResultId(id), id);
    }
  });

  it('refuses anything that could name a file', () => {
    for (const id of ['', 'a/b', 'a\\b', '..', 'a.png', 'res 1', 'x'.repeat(65), 'é']) {
      assert.equal(isResultId(id), false, id);
    }
  });
});
