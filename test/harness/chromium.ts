/** Debian's Chromium driven by playwright-core; playwright never downloads a browser here. */
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';

/** Without the networking flags Chromium keeps dialling Google's hosts, which this network refuses. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
}
