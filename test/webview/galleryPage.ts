/**
 * The mocha hooks most gallery suites share: one preview server and one Chromium for the suite, a
 * fresh gallery page for each test, and no CSP violation allowed by the time a test ends.
 */
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { cspViolations, launchChromium, openGallery } from './browser';
import { startPreviewServer, type PreviewServer } from './previewServer';

export interface GalleryPageFixture {
  /** This test's gallery page. */
  page: Page;
  /** The preview server's origin, for the views' image URLs. */
  origin: string;
}

export function useGalleryPage(cspMessage = 'no CSP violations'): GalleryPageFixture {
  const fixture = {} as GalleryPageFixture;
  let browser: Browser | undefined;
  let server: PreviewServer | undefined;

  before(async () => {
    server = await startPreviewServer();
    browser = await launchChromium();
    fixture.origin = server.origin;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    fixture.page = await openGallery(browser!, server!);
  });

  afterEach(async () => {
    assert.deepEqual(await cspViolations(fixture.page), [], cspMessage);
    await fixture.page.close();
  });

  return fixture;
}
