import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import formBody from '@fastify/formbody';
import { ValidationError } from '../lib/errors.ts';
import { MAX_JSON_DEPTH } from '../vocabulary/limits.ts';
import { nestsDeeperThan } from './json-depth.ts';

// Besides application/json, the media types ASP.NET's JSON input formatter reads, which clients
// of the original may send: text/json and application/*+json.
const OTHER_JSON_MEDIA_TYPES = /^(?:text\/json|application\/[\w.+-]+\+json)\s*(?:;|$)/i;

/**
 * JSON, form and CSV bodies. AIRisk clients send `Content-Type: application/json` even on requests
 * without a body (spec §0), so an empty JSON body means "no body", not a 400. Nesting is bounded
 * before parsing, so that nothing downstream walks an unbounded depth.
 */
export async function installBodyParsers(app: FastifyInstance): Promise<void> {
  // `__proto__` and `constructor` keys are dropped, as any other unknown name is ignored.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeContentTypeParser('application/json');
  const parseBody: FastifyBodyParser<string> = (request, text, done) => {
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new ValidationError(
          `The JSON body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; AIRisk requests are flat objects`,
        ),
        undefined,
      );
      return;
    }
    void parseJson(request, text, done);
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseBody);
  app.addContentTypeParser(OTHER_JSON_MEDIA_TYPES, { parseAs: 'string' }, parseBody);
  // CSV uploads (ImportUsers) as text; such a route sets its own bodyLimit.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, text, done) => {
    done(null, text);
  });
  await app.register(formBody);
}
