import type { ComponentChildren } from 'preact';
import { formatUtc } from '../../core/time-format';

/** One section of the detail view: a heading and its content. Text only, never markup. */
export function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <section class="detail-section" data-section={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/**
 * One request in a timeline table (the origin's timeline, the OAuth flow): its time and status
 * cells first, then `children`.
 */
export function RequestRow({
  time,
  status,
  current,
  attributes,
  children,
}: {
  time: number;
  status: number;
  current: boolean;
  attributes?: Record<string, string>;
  children: ComponentChildren;
}) {
  return (
    <tr
      {...attributes}
      data-current={current ? 'yes' : undefined}
      data-ok={status >= 200 && status < 400 ? 'yes' : 'no'}
    >
      <td class="time">{Number.isFinite(time) ? formatUtc(time).slice(11, 19) : ''}</td>
      <td class="status" data-class={Math.floor(status / 100)}>
        {status}
      </td>
      {children}
    </tr>
  );
}
