// The company's settings (Company > General Information): the words and limits the API, the
// domain and the web app share.

/** Where an effective setting comes from: the stored settings win over the environment. */
export const SETTINGS_SOURCES = ['settings', 'environment', 'none'] as const;
export type SettingsSource = (typeof SETTINGS_SOURCES)[number];

/**
 * How the connection to the mail server is secured: `starttls` upgrades a plain connection
 * (RFC 3207, port 587), `tls` is TLS from the start (RFC 8314, port 465), `none` is plain text.
 */
export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** Who may sign in with single sign-on: existing users only, or anyone of an allowed domain. */
export const SSO_NEW_USERS = ['invited', 'domain'] as const;
export type SsoNewUsers = (typeof SSO_NEW_USERS)[number];

/** Raster images only: an SVG can carry scripts, and the logo is shown on the sign-in page. */
export const LOGO_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoMediaType = (typeof LOGO_MEDIA_TYPES)[number];
export const LOGO_MAX_BYTES = 256 * 1024;

export const DEFAULT_COMPANY_NAME = 'AIRisk';
export const DEFAULT_SSO_BUTTON = 'Single sign-on';
export const MAX_SIGN_IN_DOMAINS = 100;
export const MAX_DOMAIN_CHARS = 253;
export const MAX_URL_CHARS = 2000;
export const MAX_BUTTON_LABEL_CHARS = 60;
