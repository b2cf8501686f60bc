import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.ts';
import { problem } from '../problem.ts';
import { SERVER_VERSION } from '../../lib/server-version.ts';

export async function healthRoutes(app: FastifyInstance, store: Store): Promise<void> {
  app.get(
    '/healthz',
    { schema: { tags: ['Health'], summary: 'Liveness: the process answers, and its version' } },
    async () => ({
      status: 'ok',
      version: SERVER_VERSION,
    }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['Health'], summary: 'Readiness: the database answers' } },
    async (request, reply) => {
      try {
        await store.ping();
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'database not reachable');
        return reply
          .code(503)
          .type('application/problem+json')
          .send(problem(503, String(request.id), 'The database does not answer'));
      }
    },
  );
}
