// @ts-check
// The playground page's script: plain JavaScript, no build step, so what runs is what you read.
// The server embeds the plan (what each button sends, with fresh tokens) as JSON in the page.
// Everything shown comes from data, so it is written with textContent only.

/**
 * @typedef {{ url: string, method: string, headers: Record<string, string>, credentials: RequestCredentials }} PlannedFetch
 * @typedef {{
 *   id: string, label: string, description: string, expectedStatus: number,
 *   expectedDiagnosis?: string, requiresPrompt?: boolean,
 *   request: PlannedFetch, setup?: PlannedFetch, networkErrorHint?: string
 * }} PlannedScenario
 */

/** @type {PlannedScenario[]} */
const plan = JSON.parse(document.getElementById('playground-plan')?.textContent ?? '[]');
const scenarioList = /** @type {HTMLUListElement} */ (document.getElementById('scenarios'));
const resultList = /** @type {HTMLUListElement} */ (document.getElementById('results'));
const runAllButton = /** @type {HTMLButtonElement} */ (document.querySelector('[data-run-all]'));

// Every request gets its own URL, so no answer can come from a cache.
let counter = 0;

/** @param {string} url */
function uniqueUrl(url) {
  const unique = new URL(url);
  counter += 1;
  unique.searchParams.set('n', String(counter));
  return unique.href;
}

/** Path for this origin, origin + path for the other one. @param {string} url */
function shortUrl(url) {
  const parsed = new URL(url);
  return parsed.origin === location.origin ? parsed.pathname : parsed.origin + parsed.pathname;
}

/** @param {PlannedFetch} planned */
async function send(planned) {
  const response = await fetch(uniqueUrl(planned.url), {
    method: planned.method,
    headers: planned.headers,
    credentials: planned.credentials,
    cache: 'no-store',
  });
  // Read the body so the request is really finished before the next one starts.
  await response.text();
  return response.status;
}

/** The result line of a scenario: one per scenario, replaced on every run. @param {string} id */
function resultItem(id) {
  resultList.querySelector(`[data-result="${CSS.escape(id)}"]`)?.remove();
  const item = document.createElement('li');
  item.dataset.result = id;
  resultList.append(item);
  return item;
}

/** @param {PlannedScenario} scenario */
async function run(scenario) {
  const item = resultItem(scenario.id);
  const line = `${scenario.request.method} ${shortUrl(scenario.request.url)}`;
  item.dataset.status = 'pending';
  item.textContent = `${line} → …`;
  let before = '';
  try {
    if (scenario.setup) {
      const setupStatus = await send(scenario.setup);
      before = ` (after ${scenario.setup.method} ${shortUrl(scenario.setup.url)} → ${setupStatus})`;
    }
    const status = await send(scenario.request);
    item.dataset.status = String(status);
    const unexpected =
      status === scenario.expectedStatus ? '' : ` (expected ${scenario.expectedStatus})`;
    item.textContent = `${line} → ${status}${unexpected}${before}`;
  } catch (error) {
    // fetch rejects without a status: CORS refusals, refused 407s, network failures.
    item.dataset.status = 'network-error';
    const reason = error instanceof Error ? error.message : String(error);
    const hint = scenario.networkErrorHint ? `: ${scenario.networkErrorHint}` : '';
    item.textContent = `${line} → network error (${reason})${hint}${before}`;
  }
}

for (const scenario of plan) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.scenario = scenario.id;
  button.textContent = scenario.label;
  button.addEventListener('click', () => run(scenario));
  const description = document.createElement('span');
  description.textContent = scenario.description;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = [
    `expects ${scenario.expectedStatus}`,
    scenario.expectedDiagnosis ? `diagnosis: ${scenario.expectedDiagnosis}` : 'no diagnosis',
    scenario.requiresPrompt ? 'opens the browser login dialog, not part of Run all' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  item.append(button, description, meta);
  scenarioList.append(item);
}

runAllButton.addEventListener('click', async () => {
  runAllButton.disabled = true;
  resultList.dataset.state = 'running';
  // One after the other, so the extension's list reads in button order.
  for (const scenario of plan) {
    if (!scenario.requiresPrompt) await run(scenario);
  }
  resultList.dataset.state = 'done';
  runAllButton.disabled = false;
});
