import type { FastifyError, FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CompanyDeps } from '../../company/company-deps.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { getCompanySettings, updateCompanySettings } from '../../company/company-settings.ts';
import {
  companyLogo,
  LOGO_ACCEPTED,
  removeCompanyLogo,
  setCompanyLogo,
} from '../../company/company-logo.ts';
import { sendTestMail } from '../../company/test-mail.ts';
import { NotFoundError, PayloadTooLargeError } from '../../lib/errors.ts';
import { LOGO_PATH } from '../../company/public-company.ts';
import { LOGO_MAX_BYTES } from '../../vocabulary/company.ts';
import {
  CompanySettingsSchema,
  LogoQuerySchema,
  SendTestMailBodySchema,
  SendTestMailResponseSchema,
  UpdateCompanySettingsBodySchema,
  logoContent,
} from '../schemas/company.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';

export interface CompanyRoutesDeps extends CompanyDeps {
  /** The server's mailer (it follows the settings); SendTestMail goes through it. */
  mailer: Mailer | undefined;
}

const tags = ['Company'];

/** Company > General Information: name, logo, default agent, sign-in domains, SSO and mail. */
export async function companyRoutes(
  parent: FastifyInstance,
  deps: CompanyRoutesDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Company/Settings',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "The company's settings as they apply now, and where each part comes from",
        description:
          'Stored settings win over the environment (AIRISK_OIDC_*, AIRISK_SMTP_URL, ' +
          'AIRISK_MAIL_FROM); `source` says which applies. Secrets are never shown.',
        response: { 200: CompanySettingsSchema, ...problemResponses(401, 403) },
      },
    },
    async () => getCompanySettings(deps),
  );

  app.put(
    '/api/Company/Settings',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Changes the settings given; what is left out keeps its value',
        description:
          '`sso: null` or `smtp: null` removes the stored part (the environment then applies). ' +
          'Secrets (`sso.clientSecret`, `smtp.password`) are write-only: left out keeps them, ' +
          'null removes them. Changes apply at the next sign-in or mail, on every server. ' +
          'A `defaultAgentId` that names no agent is a 404.',
        body: UpdateCompanySettingsBodySchema,
        response: { 200: CompanySettingsSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => updateCompanySettings(deps, request.body, { userId: userIdOf(request) }),
  );

  await app.register(logoUploadRoute, deps);

  app.delete(
    LOGO_PATH,
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Removes the company's logo",
        response: { ...noContent('Removed, or there was none'), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await removeCompanyLogo(deps, { userId: userIdOf(request) });
      return reply.code(204).send(null);
    },
  );

  app.get(
    LOGO_PATH,
    {
      schema: {
        tags,
        summary: "The company's logo, for the sign-in page (no token needed)",
        querystring: LogoQuerySchema,
        response: {
          200: { description: 'The image', content: logoContent },
          304: { description: 'Not modified (If-None-Match)', type: 'null' },
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const logo = await companyLogo(deps.store);
      if (!logo) {
        throw new NotFoundError('The company has no logo');
      }
      reply.header('etag', logo.etag).header('cache-control', 'public, max-age=300');
      if (request.headers['if-none-match'] === logo.etag) {
        // No body at all (RFC 9110 §15.4.5): `send(null)` would serialize the text "null".
        return reply.code(304).send(undefined as unknown as null);
      }
      return reply.type(logo.mediaType).send(logo.bytes);
    },
  );

  app.post(
    '/api/Company/SendTestMail',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Sends a test message through the mail server that applies now',
        description:
          'To `to`, or to the admin’s own email. 409 when no mail server is configured; 502 ' +
          'with the mail server’s reason when it fails.',
        body: SendTestMailBodySchema,
        response: {
          200: SendTestMailResponseSchema,
          ...problemResponses(400, 401, 403, 409, 502),
        },
      },
    },
    async (request) => sendTestMail(deps, request.body ?? {}, { userId: userIdOf(request) }),
  );
}

/**
 * An uploaded body's bytes, held where the checks made for JSON and form bodies (parameter
 * counts, NUL characters) do not walk them byte by byte: they see an object without fields.
 */
class UploadedBytes {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

/** PUT the logo: the image itself as the body, whatever its declared type (its bytes decide). */
async function logoUploadRoute(parent: FastifyInstance, deps: CompanyRoutesDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES },
    (_request, body, done) => done(null, new UploadedBytes(body as Buffer)),
  );
  app.setErrorHandler(async (error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      throw new PayloadTooLargeError(`The logo is too large: send ${LOGO_ACCEPTED}`);
    }
    throw error;
  });

  app.put(
    LOGO_PATH,
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Replaces the company's logo",
        description: `The body is the image: ${LOGO_ACCEPTED}. Its content decides its type; anything else (SVG included) is a 415.`,
        body: { content: logoContent },
        response: {
          ...noContent('Saved'),
          ...problemResponses(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const body = request.body instanceof UploadedBytes ? request.body.bytes : Buffer.alloc(0);
      await setCompanyLogo(deps, body, { userId: userIdOf(request) });
      return reply.code(204).send(null);
    },
  );
}
