/**
 * Headless Chromium for the studio's end-to-end tests. It lives in the studio package because
 * `playwright-core` is a studio dev dependency; test/e2e imports it from here.
 */
import { type Browser, chromium } from 'playwright-core';

export type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** The Debian `chromium` package; scripts/ensure-chromium.sh installs it when missing. */
export const CHROMIUM_PATH = process.env.RELATA_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium headless with flags that keep it quiet and offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}
