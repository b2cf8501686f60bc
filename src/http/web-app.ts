import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorCodes } from 'fastify';
import { MAX_PATH_SEGMENT_CHARS } from '../vocabulary/limits.ts';
import { installPath } from '../lib/install-root.ts';

/** Where `npm run web:build` writes the web app (web/vite.config.ts). */
export const DEFAULT_WEB_ROOT = installPath('web', 'dist');

// Paths the server answers itself: an unknown one stays a 404 problem, never the app's page.
const SERVER_PATHS = /^\/(api|docs|\.well-known|healthz|readyz|metrics|openapi\.json)(\/|$)/i;
// Vite names every file under assets/ by its content hash: a new build gets new names.
const HASHED_ASSETS = 'assets/';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>AIRisk: web app not built</title></head>
<body>
<h1>The AIRisk web app is not built</h1>
<p>The API works; the web app's files are missing. In the server's folder, run
<code>npm run web:build</code> (<code>npm ci</code> runs it too), then reload this page.</p>
</body>
</html>
`;

/**
 * Serves the web app (web/dist) at /: its files, and its index.html for any other GET or HEAD
 * path outside the server's own (the app routes in the browser). Registered last, so every API
 * route wins.
 */
export async function webAppRoutes(app: FastifyInstance, { root }: { root: string }) {
  const webRoot = resolve(root);
  // Only reply.sendFile: the one route below decides what each path gets.
  await app.register(fastifyStatic, { root: webRoot, serve: false });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (SERVER_PATHS.test(pathname)) {
      // This route matches what the router refused for a too-long segment: answer as it would.
      if (pathname.split('/').some((segment) => segment.length > MAX_PATH_SEGMENT_CHARS)) {
        throw new errorCodes.FST_ERR_MAX_PARAM_LENGTH(pathname);
      }
      return reply.callNotFound();
    }
    const relative = fileInRoot(pathname);
    if (relative === undefined) {
      return reply.callNotFound();
    }
    if (!(await isFile(resolve(webRoot, 'index.html')))) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_PAGE);
    }
    if (relative.startsWith(HASHED_ASSETS)) {
      // A missing asset is a 404, not the page: a script tag must not receive HTML.
      return (await isFile(resolve(webRoot, relative)))
        ? reply.sendFile(relative, webRoot, {
            cacheControl: true,
            maxAge: ONE_YEAR_MS,
            immutable: true,
          })
        : reply.callNotFound();
    }
    const file =
      relative !== '' && (await isFile(resolve(webRoot, relative))) ? relative : 'index.html';
    return sendRevalidated(reply, file, webRoot);
  });
}

/** index.html and unhashed files: always asked again (ETag makes that a 304). */
function sendRevalidated(reply: FastifyReply, file: string, webRoot: string) {
  return reply.header('cache-control', 'no-cache').sendFile(file, webRoot, { cacheControl: false });
}

/**
 * The path as a file name relative to the root, or undefined when it could name something
 * outside it (`..`, backslashes, NUL, bad escapes): those are refused before any file is read.
 */
function fileInRoot(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return undefined;
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment.startsWith('.'))) {
    return undefined;
  }
  return segments.join('/');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
