import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, launchChromium, type Page } from '../../../studio/e2e/chromium';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/test-server';
import { ensureStudioBuilt } from './studio-build';
import { signInThroughPage } from './ui';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export interface StudioHarness {
  server: TestServer;
  browser: Browser;
  /** A new browser session (own cookies and storage) at 1280x800. */
  newSession(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** Signs in through the sign-in page and waits for the app shell. */
  signIn(page: Page): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

// One Chromium for the run: the e2e files share their worker (isolate: false), and each file's
// sessions are browser contexts of their own (cookies, storage), closed with the file. Playwright
// ends the browser when the worker exits.
let sharedBrowser: Promise<Browser> | null = null;
function chromiumForRun(): Promise<Browser> {
  sharedBrowser ??= launchChromium().then((browser) => {
    browser.on('disconnected', () => {
      sharedBrowser = null;
    });
    return browser;
  });
  return sharedBrowser;
}

/** Starts the real server on a fresh database with the demo data, and headless Chromium. */
export async function startStudio(options: TestServerOptions = {}): Promise<StudioHarness> {
  ensureStudioBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startTestServer({ seedDemo: true, ...options });
  const browser = await chromiumForRun();
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async newSession(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    signIn: (page) => signInThroughPage(page, { workspace: server.workspace.slug, ...server.admin }),
    async screenshot(page, name) {
      await page.waitForTimeout(250);
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await server.close();
    },
  };
}
