import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Store } from '../store/store.ts';
import { LOGO_MAX_BYTES, LOGO_MEDIA_TYPES, type LogoMediaType } from '../vocabulary/company.ts';
import type { CompanyDeps } from './company-deps.ts';
import { readLogo, readProfile, writeLogo, writeProfile } from './stored-settings.ts';

export const LOGO_ACCEPTED = `a PNG, JPEG or WebP image of at most ${LOGO_MAX_BYTES / 1024} kB`;

export interface CompanyLogo {
  bytes: Buffer;
  mediaType: LogoMediaType;
  /** A strong ETag, quoted (RFC 9110 §8.8.3). */
  etag: string;
}

/**
 * Replaces the logo. Its kind is read from its bytes, never from what the client says: only
 * PNG, JPEG and WebP pass (an SVG can carry scripts).
 */
export async function setCompanyLogo(
  { store, clock }: Pick<CompanyDeps, 'store' | 'clock'>,
  bytes: Buffer,
  actor: { userId: string },
): Promise<void> {
  if (bytes.length === 0) {
    throw new ValidationError(`Send the logo as the request body: ${LOGO_ACCEPTED}`);
  }
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new PayloadTooLargeError(`The logo is ${bytes.length} bytes; send ${LOGO_ACCEPTED}`);
  }
  const mediaType = await sniffLogo(bytes);
  const etag = createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
  await store.transaction(async (tx) => {
    const now = clock.nowSeconds();
    await writeLogo(tx, { etag, mediaType, data: bytes.toString('base64') }, now);
    await writeProfile(tx, { ...(await readProfile(tx)), logo: { etag, mediaType } }, now);
    await recordAudit(tx, clock, {
      event: 'company_logo_changed',
      userId: actor.userId,
      details: { mediaType, bytes: bytes.length },
    });
  });
}

/** Removes the logo; nothing to do when there is none. */
export async function removeCompanyLogo(
  { store, clock }: Pick<CompanyDeps, 'store' | 'clock'>,
  actor: { userId: string },
): Promise<void> {
  await store.transaction(async (tx) => {
    const { logo, ...profile } = await readProfile(tx);
    if (!logo) {
      return;
    }
    const now = clock.nowSeconds();
    await writeLogo(tx, null, now);
    await writeProfile(tx, profile, now);
    await recordAudit(tx, clock, {
      event: 'company_logo_changed',
      userId: actor.userId,
      details: { removed: true },
    });
  });
}

/** The logo, or undefined when the company has none. */
export async function companyLogo(store: Store): Promise<CompanyLogo | undefined> {
  const logo = await readLogo(store);
  return (
    logo && {
      bytes: Buffer.from(logo.data, 'base64'),
      mediaType: logo.mediaType,
      etag: `"${logo.etag}"`,
    }
  );
}

async function sniffLogo(bytes: Buffer): Promise<LogoMediaType> {
  const found = await fileTypeFromBuffer(bytes);
  const mediaType = LOGO_MEDIA_TYPES.find((accepted) => accepted === found?.mime);
  if (!mediaType) {
    const what = found ? `a ${found.mime} file` : 'not an image this server recognises (an SVG?)';
    throw new UnsupportedMediaTypeError(
      `The logo is ${what}; send ${LOGO_ACCEPTED}. SVG is not accepted: it can carry scripts.`,
    );
  }
  return mediaType;
}
