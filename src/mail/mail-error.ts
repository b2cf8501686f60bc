/**
 * A message the SMTP server refused or could not be reached for (answered 502). Its own module,
 * so the HTTP error table can name it without loading nodemailer.
 */
export class MailError extends Error {
  override readonly name = 'MailError';
}
