// "Timeline of <origin>": what else happened on the failure's origin, around it.
import { pathAndQuery } from '../../core/url-parts';
import type { FailureView } from '../failure-view';
import type { originTimeline } from '../timeline';
import { RequestRow, Section } from './section';

export function TimelineSection({
  view,
  origin,
  history,
}: {
  view: FailureView;
  origin: string;
  history: ReturnType<typeof originTimeline>;
}) {
  return (
    <Section id="timeline" title={`Timeline of ${origin || 'this origin'}`}>
      {history.length === 0 ? (
        <p class="note">Nothing else is known about this origin.</p>
      ) : (
        <table class="timeline">
          <tbody>
            {history.map((entry) => (
              <RequestRow
                key={entry.key}
                time={entry.time}
                status={entry.status}
                current={entry.key === view.key}
              >
                <td>
                  {entry.method} {pathAndQuery(entry.url)}
                </td>
                <td class="sent">
                  {entry.sent.length > 0 ? entry.sent.join('; ') : 'no credentials'}
                </td>
              </RequestRow>
            ))}
          </tbody>
        </table>
      )}
      {view.source === 'capture' && (
        <p class="note">
          The capture keeps failures only; successful requests show while DevTools is open or in an
          imported HAR.
        </p>
      )}
    </Section>
  );
}
