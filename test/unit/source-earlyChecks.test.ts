import * as assert from 'node:assert/strict';
import { prepareUpload, type PrepareOptions } from '../../src/imaging/prepareUpload';
import type { ImageTranscoder } from '../../src/imaging/workerTranscoder';
import {
  SOURCE_READ_CEILING_BYTES,
  readCeilingBytes,
  refusalBySize,
  refusalDialog,
  verdictOnContent,
  type EarlyVerdict,
} from '../../src/source/earlyChecks';
import { fixture } from '../fixtures/imaging/support';
import { gradientPng } from '../integration/support/pngFixture';

const MB = 2 ** 20;
const DEFAULTS: PrepareOptions = { downscale: true, keepMetadata: false, maxUploadBytes: 50 * MB };
const text = (value: string) => new TextEncoder().encode(value);

/** A transcoder that fails the test: the refusals checked here must never need one. */
const noTranscoder: ImageTranscoder = {
  transcode: () => Promise.reject(new Error('the transcoder was asked, but this case needs none')),
};

function refusalOf(verdict: EarlyVerdict): string {
  assert.equal(verdict.kind, 'refuse', `expected a refusal, got ${verdict.kind}`);
  return verdict.kind === 'refuse' ? verdict.message : '';
}

describe('Checks before asking: the file’s content', () => {
  it('refuses a text file named .png, naming it and saying what to choose instead', () => {
    const message = refusalOf(verdictOnContent('not-a-picture.png', text('hi\n'), DEFAULTS));
    assert.match(message, /^not-a-picture\.png is not an image/);
    assert.match(message, /PNG, JPEG and WebP/);
    assert.match(message, /choose one of those/);
  });

  it('refuses an empty file, a cut-off PNG and an SVG drawing', () => {
    assert.match(refusalOf(verdictOnContent('empty.png', new Uint8Array(0), DEFAULTS)), /^empty\.png is empty/);
    const png = gradientPng(32, 24);
    assert.match(refusalOf(verdictOnContent('half.png', png.subarray(0, png.length - 20), DEFAULTS)), /^half\.png looks like a PNG image but is cut off/);
    assert.match(refusalOf(verdictOnContent('drawing.svg', fixture('drawing.svg'), DEFAULTS)), /^drawing\.svg is an SVG image/);
  });

  it('lets a whole PNG, JPEG and the formats that are converted through to the questions', () => {
    assert.deepEqual(verdictOnContent('a.png', gradientPng(32, 24), DEFAULTS), { kind: 'ask' });
    assert.deepEqual(verdictOnContent('a.jpg', fixture('gps-photo.jpg'), DEFAULTS), { kind: 'ask' });
    assert.deepEqual(verdictOnContent('a.gif', fixture('drawing.gif'), DEFAULTS), { kind: 'ask' });
    assert.deepEqual(verdictOnContent('a.bmp', fixture('drawing.bmp'), DEFAULTS), { kind: 'ask' });
  });

  it('leaves a large image to downscaling when that is on, and refuses it up front when it would go as it is', () => {
    const png = gradientPng(64, 64);
    const small = { ...DEFAULTS, maxUploadBytes: png.length - 1 };
    assert.deepEqual(verdictOnContent('big.png', png, small), { kind: 'ask' });
    assert.match(
      refusalOf(verdictOnContent('big.png', png, { ...small, downscale: false, keepMetadata: true })),
      /^big\.png would upload .* over the .* upload limit \("fluxRedux\.maxUploadMB"\)/,
    );
    // Metadata removal might bring it under the limit: only the (cheap) preparation can tell.
    assert.deepEqual(verdictOnContent('big.png', png, { ...small, downscale: false }), { kind: 'prepareFirst' });
  });

  it('refuses nothing that preparation would accept, and in the same words', async () => {
    const png = gradientPng(40, 30);
    const cases: [string, Uint8Array, PrepareOptions][] = [
      ['not-a-picture.png', text('hi\n'), DEFAULTS],
      ['empty.png', new Uint8Array(0), DEFAULTS],
      ['half.png', png.subarray(0, png.length - 13), DEFAULTS],
      ['drawing.svg', fixture('drawing.svg'), DEFAULTS],
      ['big.png', png, { downscale: false, keepMetadata: true, maxUploadBytes: 100 }],
      ['fits.png', png, { downscale: false, keepMetadata: true, maxUploadBytes: png.length }],
    ];
    for (const [name, bytes, options] of cases) {
      const verdict = verdictOnContent(name, bytes, options);
      if (verdict.kind !== 'refuse') {
        continue;
      }
      const prepared = await prepareUpload(name, bytes, options, { transcoder: noTranscoder });
      assert.deepEqual(prepared, { ok: false, message: verdict.message }, name);
    }
    assert.equal(verdictOnContent('fits.png', png, { downscale: false, keepMetadata: true, maxUploadBytes: png.length }).kind, 'ask');
  });
});

describe('Checks before asking: the file’s size, before it is read', () => {
  it('refuses a file of several gigabytes, naming it, its size and what to do', () => {
    const message = refusalBySize('scan.tif', 3 * 2 ** 30, DEFAULTS);
    assert.ok(message);
    assert.match(message, /^scan\.tif is 3072 MB, too large to use as a source image \(at most 1024 MB is read\)\. Save a smaller copy/);
  });

  it('reads anything up to the ceiling, and more when the upload limit is higher still', () => {
    assert.equal(refusalBySize('a.png', SOURCE_READ_CEILING_BYTES, DEFAULTS), undefined);
    assert.ok(refusalBySize('a.png', SOURCE_READ_CEILING_BYTES + 1, DEFAULTS));
    const generous = { ...DEFAULTS, maxUploadBytes: 2 * SOURCE_READ_CEILING_BYTES };
    assert.equal(readCeilingBytes(generous), 2 * SOURCE_READ_CEILING_BYTES);
    assert.equal(refusalBySize('a.png', SOURCE_READ_CEILING_BYTES + 1, generous), undefined);
  });
});

describe('The modal that names refused files', () => {
  const notImage = { name: 'not-a-picture.png', reason: 'not-a-picture.png is not an image (…).' };
  const empty = { name: 'empty.png', reason: 'empty.png is empty (0 bytes).' };

  it('for one file alone: names it, with the whole reason below', () => {
    assert.deepEqual(refusalDialog([notImage], 0), {
      message: 'Flux Redux Variations cannot make variations of not-a-picture.png.',
      detail: notImage.reason,
    });
  });

  it('in a selection that goes on: says it is skipped and the rest goes on', () => {
    assert.equal(refusalDialog([notImage], 2).message, 'Skipping not-a-picture.png: variations are made of the rest of the selection.');
    const both = refusalDialog([notImage, empty], 1);
    assert.equal(both.message, 'Skipping 2 of the selected files: variations are made of the rest of the selection.');
    assert.equal(both.detail, `${notImage.reason}\n\n${empty.reason}`);
  });

  it('when nothing is left: says none can be used, every reason below', () => {
    const none = refusalDialog([notImage, empty], 0);
    assert.equal(none.message, 'Flux Redux Variations cannot make variations of any of the 2 selected files.');
    assert.match(none.detail, /not-a-picture\.png[\s\S]*empty\.png/);
  });
});
