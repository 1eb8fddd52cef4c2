// Replay in the real DevTools panel of Firefox ESR (Marionette, as report-devtools-firefox):
// the playground's expired-token failure, replayed as the page (devtools.inspectedWindow.eval)
// with a fresh token from the playground, is Fixed (200) and joins the list as a replay.
import { expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { waitFor } from '../../scripts/browsers';
import {
  evaluateInExtensionPanel,
  open401DoctorPanel,
  readExtensionPanel,
} from './support/firefox-devtools';
import { marionetteWith, openWindow } from './support/firefox-extension';
import { freshAuthorization } from './support/playground';

const env = marionetteWith(startPlayground);

test('the panel in the toolbox replays a failure as the page with a fresh token: Fixed (200)', async () => {
  const { firefox } = env.browser;
  const url = env.server.url;
  await openWindow(firefox, { url });
  await waitFor('the playground page', async () =>
    (await firefox.execute<boolean>(
      `return !!document.querySelector('[data-scenario="expired-jwt"]')`,
    ))
      ? true
      : undefined,
  );
  const fresh = await freshAuthorization({
    evaluate: (run, planId) =>
      firefox.execute<string>(`return (${run.toString()})(arguments[0]);`, [planId]),
  });

  const toolId = await open401DoctorPanel(firefox, url);
  await firefox.setContext('content');
  await firefox.execute(`document.querySelector('[data-scenario="expired-jwt"]').click()`);
  await firefox.setContext('chrome');
  await waitFor(
    'the failure in the panel',
    async () =>
      (await readExtensionPanel(firefox, url, toolId))?.count === '1' ? true : undefined,
    60_000,
  );

  const result = await evaluateInExtensionPanel<{
    status: string | null;
    headline: string;
    replays: number;
  }>(
    firefox,
    url,
    toolId,
    '',
    `(async () => {
      const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      const until = async (find) => {
        for (let i = 0; i < 300; i++) {
          const found = find();
          if (found) return found;
          await wait(100);
        }
        throw new Error('timed out');
      };
      document.querySelector('.list .row').dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      (await until(() => document.querySelector('[data-action="replay"]'))).click();
      const field = await until(() => document.querySelector('[data-replay-header="authorization"]'));
      if (field.type !== 'password') throw new Error('the credential field is not masked');
      field.value = ${JSON.stringify(fresh)};
      field.dispatchEvent(new Event('input', { bubbles: true }));
      await wait(50);
      if (!document.querySelector('[data-replay-mode="page"]').checked) throw new Error('not as the page');
      document.querySelector('[data-action="replay-send"]').click();
      const outcome = await until(() => document.querySelector('[data-replay-outcome="page"]'));
      await until(() => document.querySelectorAll('.list .row[data-replay="page"]').length === 1);
      return {
        status: outcome.getAttribute('data-replay-status'),
        headline: outcome.querySelector('[data-replay-headline]').textContent,
        replays: document.querySelectorAll('.list .row[data-replay="page"]').length,
      };
    })()`,
  );
  expect(result).toEqual({ status: '200', headline: 'Fixed (200)', replays: 1 });
});
