import type { FastifyInstance } from 'fastify';
import type { InsightDeps } from '../../activity/insight-deps.ts';

// PLACEHOLDER: the /api/… routes of this part of issue #16.
export async function monitoringRoutes(
  _parent: FastifyInstance,
  _deps: InsightDeps,
): Promise<void> {}
