import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';

/** Debian's Chromium; a browser is never downloaded. */
export const chromiumPath = '/usr/bin/chromium';
const screenshotDir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
const available = existsSync(chromiumPath);

if (!available && process.env.CI !== 'true') {
  console.warn(
    `\n!!! Browser tests SKIPPED: ${chromiumPath} is missing (apt-get install -y chromium; CI=true makes this fatal)\n`,
  );
}

/** `describe` for browser suites: skipped without Chromium locally, and failing without it on CI. */
export const describeInBrowser = available || process.env.CI === 'true' ? describe : describe.skip;

/** Launches headless Debian Chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!available)
    throw new Error(`Chromium is required for the browser tests but ${chromiumPath} is missing`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-page screenshot as `test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

/** Collects what the page reports as errors; Content-Security-Policy violations and uncaught errors fail a test. */
export function watchPage(page: Page): { assertClean(): void } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Uncaught/i.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return {
    assertClean() {
      expect(problems).toEqual([]);
    },
  };
}

/** `expect.poll` with room for a loaded CI machine (Vitest's default gives up after one second). */
export const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) =>
  expect.poll(fn, { timeout, interval: 100 });
