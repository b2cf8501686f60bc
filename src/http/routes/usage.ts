import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InsightDeps } from '../../activity/insight-deps.ts';
import { deletePrice, listPrices, setPrice } from '../../usage/prices.ts';
import {
  budgetsOfUser,
  createBudget,
  deleteBudget,
  listBudgets,
  updateBudget,
} from '../../usage/budgets.ts';
import {
  BudgetIdParamsSchema,
  BudgetSchema,
  CreateBudgetBodySchema,
  PriceKeySchema,
  PriceSchema,
  SetPriceBodySchema,
  UpdateBudgetBodySchema,
  budgetResponse,
  priceResponse,
} from '../schemas/usage.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf, userToken } from '../access.ts';

const tags = ['Usage'];

const actor = (request: FastifyRequest) => ({ userId: userIdOf(request), ip: request.ip });

/** Usage, cost and budgets: model prices and the budgets that cap spend (CompanyAdmin). */
export async function usageRoutes(parent: FastifyInstance, deps: InsightDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Usage/ListPrices',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'The price of each priced model, by engine and model',
        description:
          'An answer from a model without a price has no cost (it counts as 0 in sums and budgets).',
        response: { 200: Type.Array(PriceSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listPrices(deps)).map(priceResponse),
  );

  app.post(
    '/api/Usage/SetPrice',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Sets or replaces an engine's model's price per million tokens",
        description:
          'Answers recorded from now on are priced with it; earlier answers keep their cost.',
        body: SetPriceBodySchema,
        response: { 200: PriceSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => priceResponse(await setPrice(deps, request.body, actor(request))),
  );

  app.post(
    '/api/Usage/DeletePrice',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Removes a model's price: its answers from now on have no cost",
        body: PriceKeySchema,
        response: { ...noContent('Deleted'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deletePrice(deps, request.body, actor(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/Usage/ListBudgets',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Every budget with what was spent in its current period and when it resets',
        response: { 200: Type.Array(BudgetSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listBudgets(deps)).map(budgetResponse),
  );

  app.post(
    '/api/Usage/CreateBudget',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Caps the cost or tokens of a user, a group (its members together) or an agent',
        description:
          'A hard budget refuses the next turn (429, problem type tag:airisk.dev,2026:problem:budget-exceeded, with Retry-After) once the spend of its UTC day or month has reached the limit; a soft one is only reported.',
        body: CreateBudgetBodySchema,
        response: { 201: BudgetSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(budgetResponse(await createBudget(deps, request.body, actor(request)))),
  );

  app.post(
    '/api/Usage/UpdateBudget',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Replaces a budget's terms; what was spent stays spent",
        body: UpdateBudgetBodySchema,
        response: { 200: BudgetSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { budgetId, ...input } = request.body;
      return budgetResponse(await updateBudget(deps, budgetId, input, actor(request)));
    },
  );

  app.delete(
    '/api/Usage/DeleteBudget/:budgetId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes a budget',
        params: BudgetIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteBudget(deps, request.params.budgetId, actor(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/Usage/MyBudgets',
    {
      config: userToken,
      schema: {
        tags,
        summary: "The budgets on the signed-in user and their groups, with each one's standing",
        response: { 200: Type.Array(BudgetSchema), ...problemResponses(401, 403) },
      },
    },
    async (request) => (await budgetsOfUser(deps, userIdOf(request))).map(budgetResponse),
  );
}
