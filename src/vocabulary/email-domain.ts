/**
 * An email domain as an allow list names it: lower-case labels of letters, digits and hyphens,
 * at least one dot, no leading hyphen (`example.com`, `mail.example.org`).
 */
export const EMAIL_DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** The domain of an email address, lower-cased (what an allow list is compared with). */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
