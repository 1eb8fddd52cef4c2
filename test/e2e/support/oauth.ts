// The playground's OAuth corner in a real browser: run one scenario in a tab, and read what the
// popup shows for the request the scenario is about. Shared by the Chromium and Firefox tests.
import { OAUTH_SCENARIOS, type OAuthScenario } from '../../../playground/oauth-corner';
import { waitFor } from '../../../scripts/browsers';

/** The bit of a page both Playwright and Puppeteer have. */
interface AnyPage {
  goto(url: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  evaluate<T>(fn: () => T): Promise<T>;
}

export { OAUTH_SCENARIOS, type OAuthScenario };

/**
 * Clicks the scenario's button and waits until its flow is over. The signed-in flows navigate
 * (authorize, callback) on the way, so the page's state is polled, not awaited.
 */
export async function runOAuthScenario(
  page: AnyPage,
  cornerUrl: string,
  id: string,
): Promise<string> {
  await page.goto(cornerUrl);
  await page.click(`button[data-scenario="${id}"]`);
  return waitFor(
    `the OAuth corner's ${id} flow`,
    () =>
      page
        .evaluate(() => {
          const log = document.getElementById('log');
          return log?.dataset.state === 'done' && location.pathname === '/'
            ? [...log.querySelectorAll('li')].map((li) => li.textContent).join('\n')
            : undefined;
        })
        .catch(() => undefined),
    30_000,
  );
}

/** `[target, first diagnosis]` of each row of a popup page, read in the page. */
export function popupRows(): Array<[string, string | null]> {
  return [...document.querySelectorAll('li.failure')].map((item) => [
    item.querySelector('.target')?.textContent ?? '',
    item.querySelector('[data-diagnosis]')?.getAttribute('data-diagnosis') ?? null,
  ]);
}

/** The path of the request a scenario is about: `GET /api/profile` → `/api/profile`. */
export const failingPath = (scenario: OAuthScenario) => scenario.failing.split(' ')[1] ?? '';

/** `[data-kind, label, current, note]` of each row of the report page's OAuth flow view, read in the page. */
export function reportFlowRows(): FlowRow[] {
  return [...document.querySelectorAll('.detail [data-section="oauth-flow"] tr')].map((row) => [
    row.getAttribute('data-kind') ?? '',
    row.querySelector('.kind')?.textContent ?? '',
    row.getAttribute('data-current') === 'yes',
    row.querySelector('.sent')?.textContent ?? '',
  ]);
}

export type FlowRow = [kind: string, label: string, current: boolean, note: string];

const lastTwo = (rows: FlowRow[]) => rows.slice(-2);

/**
 * What the flow view must show for the scenarios that have one to check: the flow from
 * discovery; for refresh-and-retry the refresh and the retry after the failure (the background
 * follows a stored failure's flow and rewrites the record); for the refused code exchanges,
 * the 400 before the failure, named.
 */
export const FLOW_CHECKS: Record<string, (rows: FlowRow[]) => boolean> = {
  'refresh-reused': (rows) =>
    rows.length > 5 &&
    rows
      .slice(0, 3)
      .map(([kind]) => kind)
      .join() === 'discovery,authorize,callback' &&
    rows.some(([kind]) => kind === 'token') &&
    rows.at(-1)?.[2] === true,
  'refresh-and-retry': (rows) =>
    rows
      .slice(-3)
      .map(([kind, label, current]) => `${kind}:${label}:${current}`)
      .join() === 'failure:this failure:true,token:refresh:false,api:retry:false',
  'pkce-mismatch': (rows) => {
    const [token, failure] = lastTwo(rows);
    return (
      token?.[0] === 'token' &&
      token[3].includes("code_verifier does not match the authorize request's code_challenge") &&
      failure?.[2] === true
    );
  },
  'redirect-uri-mismatch': (rows) => {
    const [token, failure] = lastTwo(rows);
    return (
      token?.[0] === 'token' &&
      /redirect_uri is not the authorize request's http:\/\/127\.0\.0\.1:\d+\/callback\)/.test(
        token[3],
      ) &&
      failure?.[2] === true
    );
  },
};
