import { Type, type Static } from 'typebox';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { SEARCH_TYPES } from './search.service.js';

const Slug = Type.String({ pattern: SLUG_PATTERN.source, maxLength: 200 });

const fields = {
  /** What to look for: words, names in any romanization, Hangul, or initial consonants (ㅇㅈㅇ). */
  q: Type.Optional(Type.String({ maxLength: 1_000 })),
  /** What to search: everything (default), or only articles, shows, people or characters. */
  type: Type.Optional(Type.Union(SEARCH_TYPES.map((t) => Type.Literal(t)))),
  /** 1-based page number. */
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
  /** Results per page. */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  /** Only articles about this show (slug). */
  show: Type.Optional(Slug),
  /** Only articles about this person (slug). */
  person: Type.Optional(Slug),
  /** Only articles with this tag (slug). */
  tag: Type.Optional(Slug),
  /** Only articles published on or after this day (YYYY-MM-DD, UTC). */
  from: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
  /** Only articles published on or before this day (YYYY-MM-DD, UTC). */
  to: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
};

/** Query string of GET /api/content/v1/search: unknown parameters are refused. */
export const ApiSearchQuery = Type.Object(fields, { additionalProperties: false });
export type ApiSearchQuery = Static<typeof ApiSearchQuery>;

/** Query string of GET /search: links from elsewhere may carry extra parameters (utm_…); they are ignored. */
export const SiteSearchQuery = Type.Object({
  ...fields,
  q: Type.Optional(Type.String({ maxLength: 20_000 })),
});
export type SiteSearchQuery = Static<typeof SiteSearchQuery>;
