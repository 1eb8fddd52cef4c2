// Sending a replay, only ever on the user's click. Two ways:
// - as the page: the fetch runs in the failed request's tab, in the page's own world, so its
//   cookies, CORS and service workers apply as they did for the app. The report page uses
//   `scripting.executeScript` with world 'MAIN' (the optional `scripting` permission, asked for
//   at first use); the DevTools panel uses `devtools.inspectedWindow.eval`, which cannot wait
//   for a promise, so the result is left on the page and read back.
// - from the extension: a fetch from this extension page: no page cookies (credentials 'omit'),
//   and no CORS (the host permission lets the extension read any answer).

import type { CompactFailure } from '../core/engine';
import type { Exchange } from '../core/exchange';
import type { ReplayCredentialsMode, ReplayResponse } from '../core/replay';
import { browser } from '../platform/browser';
import type { Message, Reply, Requests } from '../storage/messages';

export type ReplayMode = 'page' | 'extension';

/** What a sender needs: plain data (it crosses into the page's world). */
export interface ReplaySpec {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
  credentials: ReplayCredentialsMode;
}

/** Longest answer body kept. */
const MAX_BODY = 1_000_000;

/**
 * Runs in the page's world (serialized by the browser: it may use nothing from outside, and
 * every value it returns must be plain data). Never throws: a refused fetch (CORS, network,
 * a header name the browser rejects) comes back as status 0 with the error's text.
 */
export async function replayInPage(spec: ReplaySpec, maxBody: number): Promise<ReplayResponse> {
  const sentAt = Date.now();
  try {
    const init: RequestInit = {
      method: spec.method,
      headers: spec.headers,
      credentials: spec.credentials,
      cache: 'no-store',
      redirect: 'follow',
    };
    if (spec.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD')
      init.body = spec.body;
    const answer = await fetch(spec.url, init);
    const headers: Array<{ name: string; value: string }> = [];
    answer.headers.forEach((value, name) => {
      headers.push({ name, value });
    });
    const text = await answer.text();
    const out: ReplayResponse = {
      status: answer.status,
      statusText: answer.statusText,
      headers,
      sentAt,
      receivedAt: Date.now(),
      url: answer.url,
    };
    if (text !== '') out.body = text.slice(0, maxBody);
    return out;
  } catch (error) {
    return {
      status: 0,
      headers: [],
      error: String(error),
      sentAt,
      receivedAt: Date.now(),
    };
  }
}

/** From this extension page: no page cookies, no CORS. */
export function sendFromExtension(spec: ReplaySpec): Promise<ReplayResponse> {
  return replayInPage({ ...spec, credentials: 'omit' }, MAX_BODY);
}

/** The optional permission the report page needs to run a replay in a tab. */
export const SCRIPTING_PERMISSION = { permissions: ['scripting'] } as Parameters<
  typeof browser.permissions.request
>[0];

/**
 * Asks for the `scripting` permission. Call it straight from the click handler: Firefox grants
 * permissions only while handling user input. Resolves true when granted (at once if it was).
 */
export function requestScripting(): Promise<boolean> {
  return browser.permissions.request(SCRIPTING_PERMISSION).catch(() => false);
}

/** Report page: the fetch in the tab's own world (needs the `scripting` permission). */
export async function sendAsPageByScripting(
  tabId: number,
  spec: ReplaySpec,
): Promise<ReplayResponse> {
  const scripting = (browser as unknown as { scripting?: ScriptingApi }).scripting;
  if (!scripting) throw new Error('The scripting permission is not granted.');
  const [first] = await scripting.executeScript({
    target: { tabId },
    world: 'MAIN',
    func: replayInPage,
    args: [spec, MAX_BODY],
  });
  const result = first?.result as ReplayResponse | undefined;
  if (!result) throw new Error('The page did not answer (it may have navigated or closed).');
  return result;
}

interface ScriptingApi {
  executeScript(details: {
    target: { tabId: number };
    world: 'MAIN';
    func: (spec: ReplaySpec, maxBody: number) => Promise<ReplayResponse>;
    args: [ReplaySpec, number];
  }): Promise<Array<{ result?: unknown }>>;
}

/** DevTools panel: the fetch in the inspected page, through `inspectedWindow.eval`. */
export async function sendAsPageByEval(spec: ReplaySpec): Promise<ReplayResponse> {
  const evaluate = browser.devtools.inspectedWindow.eval as unknown as (
    expression: string,
  ) => Promise<unknown>;
  const slot = `__401DoctorReplay${Date.now()}${Math.floor(Math.random() * 1e9)}`;
  const slotJson = JSON.stringify(slot);
  // The result waits on the page under a one-off name and is deleted when read.
  await evaluate(
    `void (${replayInPage.toString()})(${JSON.stringify(spec)}, ${MAX_BODY}).then((r) => { window[${slotJson}] = JSON.stringify(r); }); true`,
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const read = await evaluate(
      `(() => { const r = window[${slotJson}]; if (r !== undefined) delete window[${slotJson}]; return r ?? null; })()`,
    );
    const text = Array.isArray(read) ? read[0] : read;
    if (typeof text === 'string') return JSON.parse(text) as ReplayResponse;
  }
  throw new Error('No answer within 60 s.');
}

async function ask<T extends Message['type']>(
  message: Extract<Message, { type: T }>,
): Promise<Requests[T]['response']> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply) throw new Error('The background did not answer.');
  if (!reply.ok) throw new Error(reply.reason);
  return reply.value;
}

/** Tells the background a page replay is coming, so the capture lists it once, as a replay. */
export function expectReplay(tabId: number, method: string, url: string): Promise<null> {
  return ask({ type: 'replay-expect', tabId, method, url });
}

/** The background diagnoses the replay with the tab's context and lists it as a replay. */
export function recordReplay(
  tabId: number,
  of: string,
  mode: ReplayMode,
  exchange: Exchange,
): Promise<{ failure: CompactFailure | null; id: string }> {
  return ask({ type: 'replay', tabId, of, mode, exchange });
}
