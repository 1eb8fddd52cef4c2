// The playground in real-browser tests: the fresh token its control scenario sends, and the tab
// a clicked scenario opens, once the extension has stored it.
import { expect } from 'vitest';
import { PLAN_ELEMENT_ID } from '../../../playground/server';
import { waitFor } from '../../../scripts/browsers';
import type { TabFailures } from '../../../src/storage/failures';

/**
 * Runs in the playground page (plain JS, no closure): the Authorization header its control
 * scenario ('ok') sends, read from the plan the page embeds in the element `planId`.
 */
export function okAuthorization(planId: string): string {
  const plan = JSON.parse(document.getElementById(planId)?.textContent ?? '[]') as Array<{
    id: string;
    request: { headers: Record<string, string> };
  }>;
  return plan.find((s) => s.id === 'ok')?.request.headers.authorization ?? '';
}

/** A page of Playwright or puppeteer-core, showing the playground. */
interface PlaygroundPage {
  evaluate(run: (planId: string) => string, planId: string): Promise<string>;
}

/** `Bearer <fresh, valid token>` from the playground page: what its control scenario sends. */
export async function freshAuthorization(page: PlaygroundPage): Promise<string> {
  const authorization = await page.evaluate(okAuthorization, PLAN_ELEMENT_ID);
  expect(authorization).toMatch(/^Bearer eyJ/);
  return authorization;
}

/** The fresh, valid token alone (without `Bearer `). */
export const freshToken = async (page: PlaygroundPage) =>
  (await freshAuthorization(page)).slice('Bearer '.length);

/**
 * Runs `open` (it opens a tab whose requests fail) and resolves with its result and the id of the
 * tab the extension stored since, waiting up to 30 s for it.
 */
export async function inNewStoredTab<P>(
  storedTabs: () => Promise<TabFailures[]>,
  what: string,
  open: () => Promise<P>,
): Promise<{ tabId: number; page: P }> {
  const before = new Set((await storedTabs()).map((t) => t.tabId));
  const page = await open();
  const tabId = await waitFor(
    `the tab of ${what} in storage`,
    async () => (await storedTabs()).find((t) => !before.has(t.tabId))?.tabId,
    30_000,
  );
  return { tabId, page };
}
