import type { ReactNode } from 'react';
import { PageSpinner } from '../../../components/Spinner.tsx';
import type { useInspectLink } from '../hooks.ts';
import { AuthCard } from './AuthCard.tsx';
import { LinkProblem } from './LinkProblem.tsx';

type InspectedLink = ReturnType<typeof useInspectLink>;

/**
 * A set-up or invitation page until its link is known good: the problem with the link, or a
 * spinner while it is checked; then `children` with what the server said about the link.
 */
export function CheckedLink({
  title,
  token,
  link,
  expired,
  children,
}: {
  title: string;
  token: string | undefined;
  link: InspectedLink;
  expired: string;
  children: (data: NonNullable<InspectedLink['data']>) => ReactNode;
}) {
  if (!token || link.isError) {
    return (
      <AuthCard title={title}>
        <LinkProblem error={link.error ?? undefined} expired={expired} />
      </AuthCard>
    );
  }
  if (link.isPending) {
    return <PageSpinner />;
  }
  return children(link.data);
}
