/**
 * What the history benchmark reads inside the open *Variations* webview (Playwright, in the
 * page of code-server): filter keystrokes, the images the list requested, what scrolling loads,
 * and the JS heap. Expressions are strings so this file needs no DOM types.
 */
import type { Frame, Page } from 'playwright-core';

export interface PageChecks {
  /** ms from setting the filter's text to the frame after the list updated, per keystroke. */
  keystrokeMs: number[];
  /** Image files the webview requested before scrolling: thumbnails and anything else. */
  thumbnailsRequested: number;
  fullImagesRequested: string[];
  imagesInList: number;
  /** Thumbnails requested after scrolling down `scrolledScreens` screens, and those in view then. */
  scrolledScreens: number;
  thumbnailsAfterScroll: number;
  thumbnailsPassedByScroll: number;
  heapBytes?: number;
  heapFrom: string;
}

/** The webview frame that holds the history list. */
export async function historyFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) {
    const found = await frame.evaluate<boolean>('!!document.querySelector("ul.runs")').catch(() => false);
    if (found) {
      return frame;
    }
  }
  throw new Error('no history webview frame in the page');
}

const IMAGE_REQUESTS = `(() => {
  const names = performance.getEntriesByType('resource').map((entry) => decodeURIComponent(entry.name));
  const images = names.filter((name) => /\\.(png|webp|jpe?g|gif|bmp|avif)(\\?|$)/i.test(name));
  const thumbs = images.filter((name) => /\\.thumb\\.webp(\\?|$)/.test(name));
  return { thumbs: thumbs.length, full: images.filter((name) => !/\\.thumb\\.webp(\\?|$)/.test(name) && /generations/.test(name)) };
})()`;

export const KEYSTROKES = `(async () => {
  const input = document.getElementById('filter');
  const times = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  for (const text of ['h', 'ha', 'har', 'harb', 'harbo', 'harbour', 'harbour-1', 'harbour-', 'harbour', '']) {
    await frame();
    const started = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frame();
    times.push(performance.now() - started);
  }
  return times;
})()`;

export const SCROLL = (screens: number) => `(async () => {
  const passed = new Set();
  const images = () => [...document.querySelectorAll('ul.runs img')];
  for (let i = 1; i <= ${screens}; i++) {
    window.scrollTo(0, i * window.innerHeight);
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const image of images()) {
      const box = image.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) {
        passed.add(image);
      }
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 800));
  const passedCount = passed.size;
  window.scrollTo(0, 0);
  return passedCount;
})()`;

export async function checkHistoryPage(page: Page): Promise<PageChecks> {
  const frame = await historyFrame(page);
  const keystrokeMs = await frame.evaluate<number[]>(KEYSTROKES);
  const before = await frame.evaluate<{ thumbs: number; full: string[] }>(IMAGE_REQUESTS);
  const imagesInList = await frame.evaluate<number>('document.querySelectorAll("ul.runs img").length');
  const scrolledScreens = 10;
  const thumbnailsPassedByScroll = await frame.evaluate<number>(SCROLL(scrolledScreens));
  const after = await frame.evaluate<{ thumbs: number; full: string[] }>(IMAGE_REQUESTS);
  let heapBytes: number | undefined;
  let heapFrom = 'CDP Runtime.getHeapUsage of the webview frame';
  try {
    // A webview frame of another origin runs in its own process: its heap is its own.
    const cdp = await page.context().newCDPSession(frame);
    heapBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.detach();
  } catch {
    heapFrom = 'performance.memory of the webview frame (shared with the workbench when same-process)';
    heapBytes = await frame.evaluate<number | undefined>('performance.memory ? performance.memory.usedJSHeapSize : undefined');
  }
  return {
    keystrokeMs,
    thumbnailsRequested: before.thumbs,
    fullImagesRequested: [...new Set([...before.full, ...after.full])],
    imagesInList,
    scrolledScreens,
    thumbnailsAfterScroll: after.thumbs,
    thumbnailsPassedByScroll,
    heapBytes,
    heapFrom,
  };
}
