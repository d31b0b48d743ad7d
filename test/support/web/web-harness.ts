import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAuth, type Auth } from '../../../src/http/index.js';
import { systemClock } from '../../../src/shared/index.js';
import { startPipeline, type PipelineHarness } from '../pipeline/pipeline-harness.js';
import { launchBrowser } from './browser.js';

/** The admin the browser tests sign in as. */
export const admin = { username: 'ada', password: 'correct horse battery staple' };

/** A running ms-inbox + simulator, its users, and a browser. */
export interface WebHarness {
  pipeline: PipelineHarness;
  auth: Auth;
  browser: Browser;
  /** A fresh browser context (its own cookies) with one page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

/** Starts the pipeline with `input`, adds the admin user and launches Chromium. */
export async function startWebHarness(input: Parameters<typeof startPipeline>[0]): Promise<WebHarness> {
  const pipeline = await startPipeline(input);
  const auth = createAuth({
    store: pipeline.service.store,
    clock: systemClock,
    configuredAdminToken: null,
    secureCookies: false,
  });
  await auth.users.add({ ...admin, role: 'admin', displayName: 'Ada Admin' });
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await pipeline.stop();
    throw error;
  });
  return {
    pipeline,
    auth,
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      return { context, page: await context.newPage() };
    },
    async stop() {
      await browser.close();
      await pipeline.stop();
    },
  };
}

/** Opens `/admin/` and signs in through the form, by keyboard. */
export async function signIn(page: Page, url: string, user = admin): Promise<void> {
  await page.goto(`${url}/admin/`);
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
