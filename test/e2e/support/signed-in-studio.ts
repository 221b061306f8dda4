import { afterAll, beforeAll } from 'vitest';
import type { Page } from '../../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './studio-harness';

export interface SignedInStudio {
  readonly studio: StudioHarness;
  /** One page of one session, the admin signed in. */
  readonly page: Page;
}

/**
 * A file's studio (the server on the demo data, and Chromium) with the admin signed in on one
 * page: started before the file's tests, closed after them. Read its fields inside tests.
 */
export function useSignedInStudio(): SignedInStudio {
  let started: { studio: StudioHarness; page: Page } | null = null;
  let studio: StudioHarness | undefined;
  beforeAll(async () => {
    studio = await startStudio();
    const { page } = await studio.newSession();
    await studio.signIn(page);
    started = { studio, page };
  });
  afterAll(async () => {
    await studio?.close();
  });
  const get = () => {
    if (!started) throw new Error('the studio is not started: read it inside a test');
    return started;
  };
  return {
    get studio() {
      return get().studio;
    },
    get page() {
      return get().page;
    },
  };
}
