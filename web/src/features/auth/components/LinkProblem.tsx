import { Link } from 'react-router';
import { errorMessage } from '../../../lib/errors.ts';
import { Notice } from '../../../components/Notice.tsx';

/** Why a set-up, invitation or reset link cannot be used, and what to do instead. */
export function LinkProblem({ error, expired }: { error: unknown; expired: string }) {
  const message =
    error === undefined
      ? 'This page needs the link you were sent, with the part after “#”. Open the link again from your email or message.'
      : errorMessage(error, {
          400: 'This link is incomplete. Open the whole link again from your email or message.',
          404: 'This link is not valid. Open the whole link again, or ask for a new one.',
          410: expired,
        });
  return (
    <>
      <Notice kind="error">{message}</Notice>
      <p>
        <Link to="/signin">Go to sign-in</Link>
      </p>
    </>
  );
}
