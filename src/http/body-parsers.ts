import type { FastifyInstance } from 'fastify';
import formBody from '@fastify/formbody';

/**
 * JSON and form bodies. AIRisk clients send `Content-Type: application/json` even on requests
 * without a body (spec §0), so an empty JSON body means "no body", not a 400.
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
    void parseJson(request, text, done);
  });
  await app.register(formBody);
}
