import { Type } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import { SearchCriteriaSchema } from './compliance.ts';
import { MAX_HOLD_CONVERSATIONS } from '../../compliance/holds.ts';

export const PlaceHoldBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', examples: ['Case 2026-114'] }),
  conversationIds: Type.Optional(
    Type.Array(Id(), {
      minItems: 1,
      maxItems: MAX_HOLD_CONVERSATIONS,
      description: 'Hold these conversations (give this or searchId)',
    }),
  ),
  searchId: Type.Optional(
    Id({
      description:
        "Hold every conversation with activity matching this saved search's criteria, as they are now, at each archive run and deletion (give this or conversationIds)",
    }),
  ),
});

export const HoldSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('conversations'), Type.Literal('search')]),
  conversationIds: Type.Array(Type.String(), { description: 'Empty for a search hold' }),
  searchId: Nullable(Type.String()),
  criteria: Nullable(SearchCriteriaSchema),
  createdBy: Nullable(Type.String()),
  createdAt: Timestamp(),
});

export const HoldIdQuerySchema = Type.Object({ holdId: Id() });
