import { Type, type Static } from 'typebox';
import { Timestamp } from './common.ts';
import type { SecretView } from '../../secrets/custom-secrets.ts';
import { isoTime } from '../../lib/iso-time.ts';

export const SecretSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  usedBy: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'The agents whose API key it is (their apiKeySecret)',
  }),
});

export const SetSecretBodySchema = Type.Object({
  name: Type.String({
    maxLength: 100,
    description: 'Letters, digits, "_", "." and "-", starting with a letter or "_"',
    examples: ['OPENAI_PROD_KEY'],
  }),
  value: Type.String({
    minLength: 1,
    maxLength: 8192,
    description: 'Write-only: stored sealed with the master key, never shown again',
  }),
  description: Type.Optional(Type.String({ maxLength: 2000, description: 'Kept when absent' })),
});

export const SecretNameParamsSchema = Type.Object({ name: Type.String({ maxLength: 100 }) });

export function secretResponse(secret: SecretView): Static<typeof SecretSchema> {
  return { ...secret, createdAt: isoTime(secret.createdAt), updatedAt: isoTime(secret.updatedAt) };
}
