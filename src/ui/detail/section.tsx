import type { ComponentChildren } from 'preact';

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
