import { describe, expect, test } from 'vitest';
import type { FlowStep } from '../../src/core/oauth/flow';
import { flowLabels } from '../../src/ui/detail/oauth-flow';

const step = (kind: FlowStep['kind'], status: number, extra: Partial<FlowStep> = {}): FlowStep => ({
  kind,
  time: 0,
  method: kind === 'token' ? 'POST' : 'GET',
  url: 'https://app.example.test/x',
  status,
  ...extra,
});

describe('the flow view labels', () => {
  test('before the failure: the kinds; after it: the refresh and the retry', () => {
    expect(
      flowLabels([
        step('discovery', 200),
        step('token', 200, { note: 'authorization_code → 200' }),
        step('api', 200),
        step('failure', 401, { current: true }),
        step('token', 400, { note: 'refresh_token → 400 invalid_grant' }),
        step('failure', 401),
      ]),
    ).toEqual(['discovery', 'token endpoint', 'API call', 'this failure', 'refresh', 'retry']);
  });

  test('a token request after the failure that is no refresh keeps its label', () => {
    expect(
      flowLabels([
        step('failure', 401, { current: true }),
        step('token', 200, { note: 'authorization_code → 200' }),
        step('api', 200),
      ]),
    ).toEqual(['this failure', 'token endpoint', 'retry']);
  });
});
