import { ConflictError, ValidationError } from '../lib/errors.ts';
import { mailerNow, type Mailer } from '../mail/mailer.ts';
import { MailError } from '../mail/mail-error.ts';
import { testMailMessage } from '../mail/messages.ts';
import { recordAudit } from '../audit/audit.ts';
import { parseEmail } from '../users/user-input.ts';
import type { CompanyDeps } from './company-deps.ts';
import { effectiveSmtp } from './effective-settings.ts';

export interface TestMailDeps extends CompanyDeps {
  mailer: Mailer | undefined;
}

/**
 * Sends a short message through the mail server that applies now, to `to` or the admin's own
 * address, so that the admin sees the settings work. No mail server is a ConflictError; one that
 * fails is a MailError with its reason. Both outcomes are audited.
 */
export async function sendTestMail(
  deps: TestMailDeps,
  input: { to?: string | undefined },
  actor: { userId: string },
): Promise<{ to: string }> {
  const admin = await deps.store.users.findById(actor.userId);
  const to = recipient(input.to ?? admin?.email);
  const mailer = await mailerNow(deps.mailer);
  const smtp = await effectiveSmtp(deps);
  if (!mailer) {
    throw new ConflictError(
      'No mail server is configured: set smtp in the company settings (or AIRISK_SMTP_URL), then try again',
    );
  }
  const audit = { event: 'test_mail_sent' as const, userId: actor.userId };
  const details = { to, source: smtp?.source ?? 'environment' };
  try {
    await mailer.send(testMailMessage({ to, sentBy: admin?.name }));
  } catch (error) {
    if (error instanceof MailError) {
      await recordAudit(deps.store, deps.clock, {
        ...audit,
        outcome: 'failure',
        reason: error.message,
        details,
      });
    }
    throw error;
  }
  await recordAudit(deps.store, deps.clock, { ...audit, details });
  return { to };
}

function recipient(to: string | undefined): string {
  if (to === undefined) {
    throw new ValidationError('to is required: this user has no email address');
  }
  try {
    return parseEmail(to);
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(`to: ${error.message}`) : error;
  }
}
