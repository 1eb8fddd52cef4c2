// createFlowFollower: what the HAR analysis and the extension's background share to follow a
// failure's OAuth flow after it (the refresh, the retry), and when they stop.
import { describe, expect, it } from 'vitest';
import { createContext, recordExchange } from '../../../src/core/context';
import { diagnoseCompact } from '../../../src/core/engine';
import type { Exchange } from '../../../src/core/exchange';
import { createFlowFollower } from '../../../src/core/oauth/flow';
import { readTokenRequestBody } from '../../../src/core/oauth/token-request';
import { DEFAULT_CAPTURED_STATUSES } from '../../../src/core/statuses';
import { createExchange, headers } from '../support/build';

const t0 = Date.UTC(2026, 0, 1);
const token = (grant: string, time: number, status = 200) =>
  createExchange({
    request: {
      method: 'POST',
      url: 'https://id.example.test/token',
      time,
      tokenRequest: readTokenRequestBody(
        `grant_type=${grant}&client_id=spa&${grant === 'refresh_token' ? 'refresh_token=rt-0123456789abcdef' : 'code=code-0123456789abcdef'}`,
      ),
    },
    response: { status },
  });
const api = (time: number, status: number) =>
  createExchange({
    request: {
      url: `https://app.example.test/api/me?t=${time}`,
      time,
      headers: headers({ Authorization: 'Bearer at-0123456789abcdef' }),
    },
    response: { status },
  });

/** Signs in, fails, follows the failure; then feeds `later` and says what the follower did. */
function follow(later: Exchange[], limits = {}) {
  const context = createContext();
  recordExchange(context, token('authorization_code', t0));
  const failure = api(t0 + 1000, 401);
  const flow = diagnoseCompact(failure, context, { statuses: DEFAULT_CAPTURED_STATUSES })?.flow;
  recordExchange(context, failure);
  const follower = createFlowFollower<string>(limits);
  follower.follow('f', flow);
  const updates: string[][] = [];
  for (const exchange of later) {
    recordExchange(context, exchange);
    for (const update of follower.advance(context.oauth, exchange.request.time))
      updates.push(update.flow.map((s) => `${s.kind}${s.current ? '*' : ''}:${s.status}`));
  }
  return { updates, open: follower.has('f') };
}

describe('createFlowFollower', () => {
  it('answers each time the flow grows, and stops at the retry', () => {
    const { updates, open } = follow([
      token('refresh_token', t0 + 1100),
      api(t0 + 1200, 200),
      api(t0 + 1300, 200),
    ]);
    expect(updates).toEqual([
      ['token:200', 'failure*:401', 'token:200'],
      ['token:200', 'failure*:401', 'token:200', 'api:200'],
    ]);
    expect(open).toBe(false);
  });

  it('the next call comes before any refresh: nothing follows, and it stops at once', () => {
    const { updates, open } = follow([api(t0 + 1100, 200)]);
    expect(updates).toEqual([]);
    expect(open).toBe(false);
  });

  it('stops after its exchange budget, and past two minutes', () => {
    const unrelated = createExchange({
      request: { url: 'https://cdn.example.test/a.js', time: t0 + 1100 },
      response: { status: 200 },
    });
    expect(follow([unrelated, unrelated], { exchanges: 2 }).open).toBe(false);
    expect(follow([unrelated, unrelated], { exchanges: 3 }).open).toBe(true);
    const late = { ...unrelated, request: { ...unrelated.request, time: t0 + 1000 + 121_000 } };
    expect(follow([late]).open).toBe(false);
  });

  it('follows at most `open` failures: the oldest goes first', () => {
    const follower = createFlowFollower<string>({ open: 2 });
    const flow = [
      {
        kind: 'failure' as const,
        time: t0,
        method: 'GET',
        url: 'u',
        status: 401,
        current: true as const,
      },
    ];
    for (const ref of ['a', 'b', 'c']) follower.follow(ref, flow);
    expect(['a', 'b', 'c'].map((ref) => follower.has(ref))).toEqual([false, true, true]);
    // A flow that does not end with its failure is not followed.
    follower.follow('d', [{ ...flow[0], current: undefined } as never]);
    expect(follower.has('d')).toBe(false);
  });
});
