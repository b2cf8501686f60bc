import { Type } from 'typebox';
import {
  DELIVERY_STATUSES,
  MAX_WEBHOOK_URL_CHARS,
  NOTIFICATION_KINDS,
} from '../../vocabulary/monitoring-notifications.ts';
import { Id, Nullable, Timestamp } from './common.ts';

export const AddTargetBodySchema = Type.Object({
  ruleId: Id(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  address: Type.String({
    minLength: 1,
    maxLength: MAX_WEBHOOK_URL_CHARS,
    description: "The webhook's http(s) URL, or the email address",
    examples: ['https://hooks.example.com/airisk'],
  }),
});

export const TargetSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  address: Type.String(),
  createdAt: Timestamp(),
});

export const NewTargetSchema = Type.Object({
  ...TargetSchema.properties,
  secret: Nullable(
    Type.String({
      description:
        "A webhook's Standard Webhooks signing secret (whsec_…): shown only now; null for email",
    }),
  ),
});

export const TargetIdParamsSchema = Type.Object({ targetId: Id() });

export const DeliverySchema = Type.Object({
  id: Type.String({ description: 'The webhook-id is msg_ and this id, on every attempt' }),
  targetId: Type.String(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  address: Type.String(),
  status: Type.Enum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp('When pending: the next attempt, UTC, ISO 8601')),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

export const TestResultSchema = Type.Object({
  targetId: Type.String(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  address: Type.String(),
  delivered: Type.Boolean(),
  error: Nullable(Type.String()),
});
