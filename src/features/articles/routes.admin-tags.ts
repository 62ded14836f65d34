import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { requireCan } from '../auth/index.js';
import {
  createTag,
  deleteTag,
  findTagWithCount,
  mergeTags,
  updateTag,
  type TagWithCount,
} from './tag.admin.js';

/*
 * Admin API: managing tags (editors). Renaming a slug or merging keeps the old tag URL as a
 * 301 to the tag it is now; the pages that show the changed tags are dropped from the cache.
 */

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const IdParams = Type.Object({ id: Id });

const TagJson = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  /** Shown under the tag's name on its page, and as its meta description. */
  description: Type.Union([Type.String(), Type.Null()]),
  /** Articles of any status that carry it. */
  article_count: Type.Integer(),
  /** The tag's page. */
  url: Type.String(),
});

const PatchBody = Type.Object(
  {
    tag: Type.Object(
      {
        /** 1–60 characters, any script. */
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
        /** The URL name; made into slug form (Hangul and other scripts are kept). */
        slug: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
        /** Up to 300 characters; empty or null removes it. */
        description: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);

const CreateBody = Type.Object(
  {
    tag: Type.Object(
      {
        /** 1–60 characters, any script. */
        name: Type.String({ minLength: 1, maxLength: 60 }),
        /** The URL name; made from the name when left out (Hangul and other scripts are kept). */
        slug: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
        /** Up to 300 characters. */
        description: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const MergeBody = Type.Object(
  {
    /** The tag that stays: the merged tag's articles and old URL go to it. */
    into: Id,
  },
  { additionalProperties: false },
);

const One = Type.Object({ tag: TagJson });

/** A tag's page URL (its slug may be Hangul: percent-encoded, as browsers send it). */
export function tagUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/tags/${encodeURIComponent(slug)}`;
}

export function tagAdminRoutes(app: App, ctx: AppContext): void {
  const present = (tag: TagWithCount) => ({
    id: tag.id,
    slug: tag.slug,
    name: tag.name,
    description: tag.description,
    article_count: tag.article_count,
    url: tagUrl(ctx.config.baseUrl, tag.slug),
  });
  const refresh = (tagIds: number[], articleIds: number[]) =>
    ctx.pages.invalidate([
      ...tagIds.map((id) => `tag:${id}`),
      ...articleIds.map((id) => `article:${id}`),
    ]);

  app.get(
    '/tags/:id',
    { schema: { params: IdParams, response: { 200: One } } },
    async (request) => {
      requireCan(request, 'articles.read');
      return { tag: present(await findTagWithCount(ctx.db, request.params.id)) };
    },
  );

  app.post(
    '/tags',
    { schema: { body: CreateBody, response: { 201: One } } },
    async (request, reply) => {
      requireCan(request, 'tags.manage');
      const tag = await createTag(ctx.db, ctx.clock, request.body.tag);
      return reply.code(201).send({ tag: present(tag) });
    },
  );

  app.patch(
    '/tags/:id',
    { schema: { params: IdParams, body: PatchBody, response: { 200: One } } },
    async (request) => {
      requireCan(request, 'tags.manage');
      const tag = await updateTag(ctx.db, ctx.clock, request.params.id, request.body.tag);
      const articles = await ctx.db
        .selectFrom('article_tags')
        .select('article_id')
        .where('tag_id', '=', tag.id)
        .execute();
      refresh(
        [tag.id],
        articles.map((a) => a.article_id),
      );
      return { tag: present(tag) };
    },
  );

  app.post(
    '/tags/:id/merge',
    { schema: { params: IdParams, body: MergeBody, response: { 200: One } } },
    async (request) => {
      requireCan(request, 'tags.manage');
      const result = await mergeTags(ctx.db, ctx.clock, request.params.id, request.body.into);
      refresh([result.from.id, result.tag.id], result.articleIds);
      return { tag: present(result.tag) };
    },
  );

  app.delete('/tags/:id', { schema: { params: IdParams } }, async (request, reply) => {
    requireCan(request, 'tags.manage');
    const result = await deleteTag(ctx.db, request.params.id);
    refresh([result.tag.id], result.articleIds);
    return reply.code(204).send();
  });
}
