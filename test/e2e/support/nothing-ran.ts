// The check every hostile-input test ends with: markup from the server, the URL or a token was
// shown, not run. Nothing inside `scope` became an element, and no script set `__pwned`.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function expectNothingRan(page: Page, scope: string): Promise<void> {
  expect(await page.locator(`${scope} img, ${scope} script`).count()).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned),
  ).toBeUndefined();
}
