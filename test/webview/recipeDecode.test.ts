/**
 * Issue 13: a file saved with its recipe decodes in the webview to exactly the pixels of the
 * stored result. The gallery and the history show images through <img>, so Chromium's own
 * decoders read the stored result and the saved file here, each drawn unscaled onto a canvas and
 * compared byte for byte. (wasm-vips decodes the same pairs in unit/recipe-embed.test.ts.)
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { withRecipe } from '../../src/recipe/embed';
import { readRecipe } from '../../src/recipe/readRecipe';
import { recipeOf } from '../../src/recipe/recipe';
import { testVips } from '../fixtures/imaging/support';
import { sampleRecord } from '../unit/recipe-support';
import { launchChromium } from './browser';
import { REPO_ROOT } from './previewServer';

// Page-side shapes for the callback Playwright runs in the page (this compilation has no DOM lib).
interface PageCanvasContext {
  drawImage(image: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
}
interface PageDecodeDocument {
  createElement(name: 'img'): { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
  createElement(name: 'canvas'): { width: number; height: number; getContext(kind: '2d', options: { willReadFrequently: boolean }): PageCanvasContext };
}
declare const document: PageDecodeDocument;

interface Compared {
  width: number;
  height: number;
  sizeOfSaved: [number, number];
  /** The index of the first RGBA byte that differs, -1 when none does. */
  firstDifference: number;
}

const MIME = { png: 'image/png', webp: 'image/webp', jpg: 'image/jpeg' } as const;

/** Decodes both files in the page as an <img> and compares their RGBA there (millions of bytes stay in the page). */
async function compareInChromium(page: Page, stored: Uint8Array, saved: Uint8Array, extension: keyof typeof MIME): Promise<Compared> {
  const url = (bytes: Uint8Array) => `data:${MIME[extension]};base64,${Buffer.from(bytes).toString('base64')}`;
  return page.evaluate(async ([storedUrl, savedUrl]) => {
    async function rgba(src: string): Promise<{ width: number; height: number; data: ArrayLike<number> }> {
      const image = document.createElement('img');
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      context.drawImage(image, 0, 0);
      return { width: canvas.width, height: canvas.height, data: context.getImageData(0, 0, canvas.width, canvas.height).data };
    }
    const a = await rgba(storedUrl);
    const b = await rgba(savedUrl);
    let firstDifference = a.data.length === b.data.length ? -1 : Math.min(a.data.length, b.data.length);
    for (let index = 0; firstDifference === -1 && index < a.data.length; index += 1) {
      if (a.data[index] !== b.data[index]) {
        firstDifference = index;
      }
    }
    return { width: a.width, height: a.height, sizeOfSaved: [b.width, b.height] as [number, number], firstDifference };
  }, [url(stored), url(saved)] as const);
}

/** Results as the server sends them: the fixtures the gallery tests show, and made ones with alpha. */
async function storedResults(): Promise<Array<{ title: string; bytes: Uint8Array; extension: keyof typeof MIME }>> {
  const fixture = (name: string) => new Uint8Array(readFileSync(join(REPO_ROOT, 'test', 'webview', 'fixtures', name)));
  const vips = await testVips();
  const xy = vips.Image.xyz(64, 48);
  const red = xy.extractBand(0).linear(4, 0);
  const green = xy.extractBand(1).linear(5, 0);
  const alpha = xy.extractBand(0).linear(3, 40);
  const withAlpha = red.bandjoin([green, red.linear(0.5, 64), alpha]).cast('uchar').copy({ interpretation: 'srgb' });
  return [
    { title: 'a lossy WebP', bytes: fixture('variation-1.webp'), extension: 'webp' },
    { title: 'a JPEG', bytes: fixture('variation-2.jpg'), extension: 'jpg' },
    { title: 'a PNG', bytes: fixture('variation-3.png'), extension: 'png' },
    { title: 'a PNG with alpha', bytes: withAlpha.pngsaveBuffer({ keep: 0 }), extension: 'png' },
    { title: 'a lossless WebP with alpha', bytes: withAlpha.webpsaveBuffer({ lossless: true, keep: 0 }), extension: 'webp' },
    { title: 'a lossy WebP with alpha', bytes: withAlpha.webpsaveBuffer({ Q: 80, keep: 0 }), extension: 'webp' },
  ];
}

describe('gallery webview: a saved file with its recipe shows the stored result’s pixels', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  it('decodes PNG, WebP and JPEG with the recipe to the very pixels of the file without it', async () => {
    const recipe = recipeOf(sampleRecord(), { toolVersion: '0.1.0', sourceSha256: 'c0ffee'.padEnd(64, '0') });
    for (const { title, bytes, extension } of await storedResults()) {
      const saved = withRecipe(bytes, recipe);
      assert.ok(saved.ok, `${title}: ${saved.ok ? '' : saved.reason}`);
      assert.deepEqual(readRecipe(saved.bytes), { kind: 'recipe', recipe }, `${title}: the recipe is in the file`);
      const compared = await compareInChromium(page, bytes, saved.bytes, extension);
      assert.ok(compared.width > 0 && compared.height > 0, `${title}: the stored result decodes`);
      assert.deepEqual(compared.sizeOfSaved, [compared.width, compared.height], `${title}: same size`);
      assert.equal(compared.firstDifference, -1, `${title}: the first differing RGBA byte is at ${compared.firstDifference}`);
    }
  });
});
