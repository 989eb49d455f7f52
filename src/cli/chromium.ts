/**
 * Debian's chromium as the browser tests and the explorer benchmark drive it
 * (playwright-core; `.ci/run` installs `chromium` and `fonts-noto-cjk`).
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // playwright-core gives each launch a fresh profile (--user-data-dir in a temporary folder).
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
