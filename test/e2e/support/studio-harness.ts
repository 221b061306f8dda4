import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, launchChromium, type Page } from '../../../studio/e2e/chromium';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/test-server';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the studio when its dist is missing or older than its sources (the server serves it at `/`). */
export function ensureStudioBuilt(): void {
  const index = `${ROOT}/studio/dist/index.html`;
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(`${ROOT}/studio/src`)) return;
  // The studio's own vite, not `npx vite`: run inside the toolchain's `npx -c`, a
  // nested npx inherits its npm_config_call and refuses to start (EUSAGE).
  execFileSync(`${ROOT}/studio/node_modules/.bin/vite`, ['build'], { cwd: `${ROOT}/studio`, stdio: 'inherit' });
}

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
    async signIn(page) {
      await page.goto('/sign-in');
      await page.fill('#workspace', server.workspace.slug);
      await page.fill('#email', server.admin.email);
      await page.fill('#password', server.admin.password);
      await page.click('[data-test="sign-in"]');
      await page.waitForSelector('[data-test="open-palette"]');
    },
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
