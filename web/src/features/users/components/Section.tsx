import { useId, type ReactNode, type Ref } from 'react';

/**
 * One titled part of an admin page. Its heading can take the focus (`headingRef`) when an
 * action removed the control that had it, so the keyboard stays in the section.
 */
export function Section({
  title,
  headingRef,
  children,
}: {
  title: string;
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className="card section" aria-labelledby={id}>
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}
