import { Type } from 'typebox';
import { SLUG_PATTERN } from '../../lib/slug.js';

/** A slug in a path or a filter: lowercase ASCII words joined by hyphens. */
export const Slug = Type.String({ pattern: SLUG_PATTERN.source, minLength: 1, maxLength: 200 });

export const SlugParams = Type.Object({ slug: Slug }, { additionalProperties: false });

/** Paging of every list: `page` (1-based) and `limit` (items per page, 1–100). */
export const pageFields = {
  /** 1-based page number. */
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  /** Items per page. */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export const ShowListQuery = Type.Object(pageFields, { additionalProperties: false });

export const EpisodeListQuery = Type.Object(
  {
    ...pageFields,
    /** Only episodes of this show (slug). */
    show: Type.Optional(Slug),
    /** Episodes starting at or after this ISO-8601 date or instant (UTC when no offset). */
    from: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
    /** Episodes starting before this ISO-8601 date or instant (UTC when no offset). */
    to: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** A numeric id in a path. */
export const IdPathParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
  { additionalProperties: false },
);

/** Lists that can be narrowed to one show. */
export const ByShowQuery = Type.Object(
  { ...pageFields, show: Type.Optional(Slug) },
  { additionalProperties: false },
);

export const CreditListQuery = Type.Object(
  {
    ...pageFields,
    /** Only credits on this show (slug). */
    show: Type.Optional(Slug),
    /** Only credits of this person (slug). */
    person: Type.Optional(Slug),
    kind: Type.Optional(Type.Union([Type.Literal('cast'), Type.Literal('crew')])),
  },
  { additionalProperties: false },
);
