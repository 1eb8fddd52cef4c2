// "Timeline of <origin>": what else happened on the failure's origin, around it.
import { formatUtc } from '../../core/time-format';
import { pathAndQuery } from '../../core/url-parts';
import type { FailureView } from '../failure-view';
import type { originTimeline } from '../timeline';
import { Section } from './section';

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
              <tr
                key={entry.key}
                data-current={entry.key === view.key ? 'yes' : undefined}
                data-ok={entry.status >= 200 && entry.status < 400 ? 'yes' : 'no'}
              >
                <td class="time">
                  {Number.isFinite(entry.time) ? formatUtc(entry.time).slice(11, 19) : ''}
                </td>
                <td class="status" data-class={Math.floor(entry.status / 100)}>
                  {entry.status}
                </td>
                <td>
                  {entry.method} {pathAndQuery(entry.url)}
                </td>
                <td class="sent">
                  {entry.sent.length > 0 ? entry.sent.join('; ') : 'no credentials'}
                </td>
              </tr>
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
