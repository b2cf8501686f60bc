import { createHash } from 'node:crypto';
import { createSmtpMailer, type Mailer } from '../mail/mailer.ts';
import { MailError } from '../mail/mail-error.ts';
import type { CompanyDeps } from './company-deps.ts';
import { effectiveSmtp, smtpSettingsName, type EffectiveSmtp } from './effective-settings.ts';

/**
 * The server's mailer: at each mail, the mail server the settings (else AIRISK_SMTP_URL) name
 * now. One transport per version of those settings; a new version replaces (and closes) the
 * previous one, and closing the app closes the last.
 */
export function createCompanyMailer(
  deps: Pick<CompanyDeps, 'store' | 'config' | 'masterKey'>,
): Mailer {
  let open: { version: string; mailer: Mailer } | undefined;
  const current = async (): Promise<Mailer | undefined> => {
    const smtp = await effectiveSmtp(deps);
    if (!smtp) {
      open?.mailer.close();
      open = undefined;
      return undefined;
    }
    const version = versionOf(smtp);
    if (open?.version !== version) {
      open?.mailer.close();
      open = {
        version,
        mailer: createSmtpMailer({
          server: smtp.server,
          from: smtp.from,
          configuredIn: smtpSettingsName(smtp.source),
        }),
      };
    }
    return open.mailer;
  };
  return {
    current,
    async send(message) {
      const mailer = await current();
      if (!mailer) {
        throw new MailError(
          `The mail to ${message.to} was not sent: no mail server is configured. ` +
            'Set one in Company > General Information (or AIRISK_SMTP_URL).',
        );
      }
      await mailer.send(message);
    },
    close() {
      open?.mailer.close();
      open = undefined;
    },
  };
}

// A digest, so that the password is not kept as a map key in clear any longer than needed.
function versionOf(smtp: EffectiveSmtp): string {
  return createHash('sha256')
    .update(JSON.stringify([smtp.server, smtp.from]))
    .digest('base64url');
}
