import type { FastifyInstance } from 'fastify';
import formBody from '@fastify/formbody';
import { ValidationError } from '../lib/errors.ts';
import { MAX_JSON_DEPTH } from '../vocabulary/limits.ts';
import { nestsDeeperThan } from './json-depth.ts';

/**
 * JSON and form bodies. AIRisk clients send `Content-Type: application/json` even on requests
 * without a body (spec §0), so an empty JSON body means "no body", not a 400. Nesting is bounded
 * before parsing, so that nothing downstream walks an unbounded depth.
 */
export async function installBodyParsers(app: FastifyInstance): Promise<void> {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
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
  });
  await app.register(formBody);
}
