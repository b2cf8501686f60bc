import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../vocabulary/roles.ts';
import type { Actor } from '../users/user-credentials.ts';
import type { OAuthDeps } from '../oauth/oauth-deps.ts';
import { authenticateBearer, readBearerToken, type Principal } from '../oauth/bearer.ts';
import { OAuthError } from '../oauth/oauth-error.ts';
import { ForbiddenError } from '../lib/errors.ts';

/**
 * What a protected route needs, declared once in its `config.access`: which token kind, and
 * optionally a role. Enforced by one hook and shown in the OpenAPI document.
 */
export interface AccessRule {
  token: 'generic-or-user' | 'user';
  /** Any one of these roles will do. */
  roles?: readonly Role[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Route configs for the usual rules (`config: adminOnly`). */
export const anyToken = { access: { token: 'generic-or-user' } } as const;
export const userToken = { access: { token: 'user' } } as const;
export const adminOnly = { access: { token: 'user', roles: ['CompanyAdmin'] } } as const;

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new Error('Route reads a principal but declares no access rule');
  }
  return request.principal;
}

/** The user a user-specific token acts for. */
export function userIdOf(request: FastifyRequest): string {
  return principalOf(request).userId ?? '';
}

/** The user a user-specific token acts for, with its roles. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { userId: principal.userId ?? '', roles: principal.roles };
}

export function installAccessControl(app: FastifyInstance, deps: OAuthDeps): void {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    // Fastify adds a HEAD twin to each GET route, sharing its schema: describe it once.
    if (!access || !route.schema || route.method === 'HEAD') {
      return;
    }
    route.schema.security = [{ bearerAuth: [] }];
    const who =
      access.token === 'user' ? 'a user-specific token' : 'a generic or user-specific token';
    const role = access.roles ? ` of a user with the ${access.roles.join(' or ')} role` : '';
    route.schema.description =
      `${route.schema.description ?? ''}\n\nRequires ${who}${role}.`.trim();
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) {
      return;
    }
    const principal = await authenticateBearer(
      deps,
      readBearerToken(request.headers.authorization),
    );
    if (access.token === 'user' && principal.kind !== 'user') {
      throw OAuthError.insufficientScope(
        'This endpoint needs a user-specific token; a generic token may only list users and obtain user tokens',
      );
    }
    const { roles } = access;
    if (roles && !roles.some((role) => principal.roles.includes(role))) {
      const named = roles.join(' or ');
      throw new ForbiddenError(`This endpoint requires the ${named} role`, named);
    }
    request.principal = principal;
  });
}
