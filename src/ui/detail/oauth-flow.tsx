// "OAuth flow": the sign-in and token steps that led to the failure (discovery, authorize
// redirect, callback, token requests, API calls), as the tab or the file saw them, and the
// refresh and retry that followed it (core/oauth/flow.ts `createFlowFollower`).
import type { FlowStep } from '../../core/oauth/flow';
import { endpointOf } from '../../core/url-parts';
import type { FailureView } from '../failure-view';
import { RequestRow, Section } from './section';

const FLOW_LABELS: Record<FlowStep['kind'], string> = {
  discovery: 'discovery',
  authorize: 'authorize redirect',
  callback: 'callback',
  token: 'token endpoint',
  api: 'API call',
  failure: 'failure',
};

/**
 * Each step's label: its kind, `this failure` for the failure, and after it the `refresh` (a
 * refresh_token request) and the `retry` (the first API call or failure after a token request).
 */
export function flowLabels(flow: readonly FlowStep[]): string[] {
  let after = false;
  let refreshed = false;
  return flow.map((step) => {
    if (step.current) {
      after = true;
      return 'this failure';
    }
    if (!after) return FLOW_LABELS[step.kind];
    if (step.kind === 'token') {
      refreshed = true;
      return step.note?.startsWith('refresh_token') ? 'refresh' : FLOW_LABELS.token;
    }
    return refreshed && (step.kind === 'api' || step.kind === 'failure')
      ? 'retry'
      : FLOW_LABELS[step.kind];
  });
}

export function FlowSection({
  view,
  flow,
}: {
  view: FailureView;
  flow: readonly FlowStep[] | undefined;
}) {
  if (!flow || flow.length === 0) return null;
  const labels = flowLabels(flow);
  return (
    <Section id="oauth-flow" title="OAuth flow">
      <table class="timeline flow">
        <tbody>
          {flow.map((step, i) => (
            <RequestRow
              key={i}
              time={step.time}
              status={step.status}
              current={step.current === true}
              attributes={{ 'data-kind': step.kind }}
            >
              <td class="kind">{labels[i]}</td>
              <td>{endpointOf(step.method, step.url)}</td>
              <td class="sent">{step.note ?? ''}</td>
            </RequestRow>
          ))}
        </tbody>
      </table>
      <p class="note">
        The steps of the sign-in and token flow before this failure, as this{' '}
        {view.source === 'har' ? 'file' : 'tab'} saw them: discovery, authorize redirect, callback,
        token requests (their codes and tokens only as fingerprints), API calls, and the refresh and
        retry that followed it within two minutes, if any.
      </p>
    </Section>
  );
}
