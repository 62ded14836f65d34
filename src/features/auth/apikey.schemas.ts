import { Type, type Static } from 'typebox';
import type { API_KEY_ROLES } from './apikey.service.js';

const RoleJson = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('editor'),
  Type.Literal('author'),
  Type.Literal('contributor'),
  Type.Literal('moderator'),
]);

/** An API key as the Admin API shows it. This schema is the allowlist: no hash ever leaves. */
export const ApiKeyJson = Type.Object(
  {
    /** Stable id, used to revoke the key. */
    id: Type.Integer(),
    /** What the key is for, e.g. "WordPress import". */
    name: Type.String(),
    /** The role the key acts with. */
    role: RoleJson,
    /** The first characters of the key, to tell keys apart. */
    key_prefix: Type.String(),
    /** The user who created the key; null for keys made with the CLI. */
    created_by: Type.Union([Type.Integer(), Type.Null()]),
    /** ISO-8601 UTC. */
    created_at: Type.String(),
    /** ISO-8601 UTC of the last use (recorded at most once a minute), or null. */
    last_used_at: Type.Union([Type.String(), Type.Null()]),
    /** ISO-8601 UTC of revocation, or null while the key works. */
    revoked_at: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ApiKeyJson = Static<typeof ApiKeyJson>;

/** POST /api-keys body. */
export const CreateApiKeyBody = Type.Object(
  {
    api_key: Type.Object(
      {
        /** What the key is for; 1 to 100 characters. */
        name: Type.String({ minLength: 1, maxLength: 100 }),
        /** The role the key acts with; never owner. */
        role: Type.Union([
          Type.Literal('admin'),
          Type.Literal('editor'),
          Type.Literal('author'),
          Type.Literal('contributor'),
          Type.Literal('moderator'),
        ] satisfies { const: (typeof API_KEY_ROLES)[number] }[]),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** POST /api-keys answer: the stored key plus, this once, the key itself. */
export const CreatedApiKeyResponse = Type.Object({
  api_key: Type.Intersect([
    ApiKeyJson,
    Type.Object({
      /** The key. Shown in this answer only; it cannot be read again. */
      key: Type.String(),
    }),
  ]),
});

/** GET /api-keys query. */
export const ListApiKeysQuery = Type.Object(
  {
    /** 1-based page number. */
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    /** Keys per page, 1 to 100. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);

/** GET /api-keys answer. */
export const ApiKeyListResponse = Type.Object({
  api_keys: Type.Array(ApiKeyJson),
  meta: Type.Object({
    pagination: Type.Object({
      page: Type.Integer(),
      limit: Type.Integer(),
      pages: Type.Integer(),
      total: Type.Integer(),
    }),
  }),
});

/** :id in the path. */
export const ApiKeyParams = Type.Object({
  /** The key's id. */
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
