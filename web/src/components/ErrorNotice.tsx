import { errorMessage } from '../lib/errors.ts';
import { Notice } from './Notice.tsx';

/**
 * The last action's error in words (nothing while there is none). `byStatus` replaces the
 * server's detail for the statuses where the page knows better what to do next.
 */
export function ErrorNotice({
  error,
  byStatus,
}: {
  error: unknown;
  byStatus?: { [status: number]: string };
}) {
  return error ? <Notice kind="error">{errorMessage(error, byStatus)}</Notice> : null;
}
