import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { FieldsParam, parseFields, pickFields } from '../../http/content-api.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import {
  countPublicAuthors,
  countPublicTags,
  publicAuthorsQuery,
  publicTagsQuery,
} from './tag-author.repository.js';

/*
 * Content API: tags and authors. Only what published articles show: a tag or an author appears
 * once at least one published article carries it, and counts cover published articles only.
 */

const ListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 15 })),
    fields: Type.Optional(FieldsParam),
  },
  { additionalProperties: false },
);
const SlugParams = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN.source, maxLength: 200 }),
});
const ItemQuery = Type.Object(
  { fields: Type.Optional(FieldsParam) },
  { additionalProperties: false },
);

const TAG_FIELDS = ['id', 'slug', 'name', 'description', 'url', 'article_count'] as const;
const AUTHOR_FIELDS = ['id', 'slug', 'name', 'bio', 'article_count'] as const;

function pagination(page: number, limit: number, total: number) {
  return { page, limit, pages: Math.max(1, Math.ceil(total / limit)), total };
}

export function tagAuthorApiRoutes(app: App, ctx: AppContext): void {
  const tagView = (row: {
    id: number;
    slug: string;
    name: string;
    description: string | null;
    article_count: number;
  }) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    url: `${ctx.config.baseUrl}/tags/${row.slug}`,
    article_count: Number(row.article_count),
  });
  const authorView = (row: {
    id: number;
    slug: string;
    name: string;
    bio: string | null;
    article_count: number;
  }) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    bio: row.bio,
    article_count: Number(row.article_count),
  });

  app.get('/tags', { schema: { querystring: ListQuery } }, async (request) => {
    const { page = 1, limit = 15 } = request.query;
    const fields = parseFields(request.query.fields, TAG_FIELDS);
    const now = ctx.clock().toISOString();
    const [rows, total] = await Promise.all([
      publicTagsQuery(ctx.db, now)
        .orderBy('tags.name')
        .orderBy('tags.id')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      countPublicTags(ctx.db, now),
    ]);
    return {
      tags: rows.map((row) => pickFields(tagView(row), fields)),
      meta: { pagination: pagination(page, limit, total) },
    };
  });

  app.get(
    '/tags/:slug',
    { schema: { params: SlugParams, querystring: ItemQuery } },
    async (request) => {
      const fields = parseFields(request.query.fields, TAG_FIELDS);
      const row = await publicTagsQuery(ctx.db, ctx.clock().toISOString())
        .where('tags.slug', '=', request.params.slug)
        .executeTakeFirst();
      if (row === undefined) throw new NotFound('No tag with published articles has this slug.');
      return { tag: pickFields(tagView(row), fields) };
    },
  );

  app.get('/authors', { schema: { querystring: ListQuery } }, async (request) => {
    const { page = 1, limit = 15 } = request.query;
    const fields = parseFields(request.query.fields, AUTHOR_FIELDS);
    const now = ctx.clock().toISOString();
    const [rows, total] = await Promise.all([
      publicAuthorsQuery(ctx.db, now)
        .orderBy('users.name')
        .orderBy('users.id')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      countPublicAuthors(ctx.db, now),
    ]);
    return {
      authors: rows.map((row) => pickFields(authorView(row), fields)),
      meta: { pagination: pagination(page, limit, total) },
    };
  });

  app.get(
    '/authors/:slug',
    { schema: { params: SlugParams, querystring: ItemQuery } },
    async (request) => {
      const fields = parseFields(request.query.fields, AUTHOR_FIELDS);
      const row = await publicAuthorsQuery(ctx.db, ctx.clock().toISOString())
        .where('users.slug', '=', request.params.slug)
        .executeTakeFirst();
      if (row === undefined) throw new NotFound('No author of published articles has this slug.');
      return { author: pickFields(authorView(row), fields) };
    },
  );
}
