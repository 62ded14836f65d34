import { Type, type Static } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { requireCan } from '../auth/index.js';
import { ValidationFailed } from '../../lib/errors.js';
import * as admin from './article.admin.js';
import { blocksFromHtml } from './article.body-input.js';
import {
  authorizeAuthorChange,
  authorizeCreate,
  authorizeDelete,
  authorizeEdit,
  authorizeRead,
  userIdOf,
  writerOf,
} from './article.policy.js';
import { toApiArticle } from './article.presenter.js';
import { diffRevisions, findRevision, listRevisions } from './article.revisions.js';
import { articleChangeTags } from './article.service.js';
import { articleAdminListRoutes } from './routes.admin-list.js';
import { articleEditingRoutes } from './routes.admin-editing.js';
import { BodySchema, ENTITY_TYPES } from './blocks.js';
import type { LinkReport } from './html-links.js';

/**
 * The answer to a write, with `links` when the body came as HTML and was linked: the mentions
 * made links, and those left as suggestions for an editor.
 */
function withLinks<T extends object>(
  answer: T,
  input: { html?: string; link?: boolean },
  links: LinkReport,
) {
  if (input.html === undefined || input.link === false) return answer;
  return { ...answer, links };
}

const Status = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('published'),
  Type.Literal('archived'),
]);

const ArticleFields = Type.Object(
  {
    /** Headline, 1–300 characters. */
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    /** URL slug; made from the title when absent. */
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Standfirst under the headline. */
    dek: Type.Optional(Type.String({ maxLength: 1_000 })),
    /** Body as Deho blocks… */
    body: Type.Optional(BodySchema),
    /** …or as HTML, converted to blocks. */
    html: Type.Optional(Type.String({ maxLength: 2_000_000 })),
    /**
     * With html: whether the linker's confident mentions become links (default true). The
     * response's `links` lists what was linked and what is left as suggestions.
     */
    link: Type.Optional(Type.Boolean()),
    status: Type.Optional(Status),
    /** When it was or will be published (ISO-8601); required to schedule. */
    published_at: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    /** Tag names; created when new. */
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 })),
    comments_enabled: Type.Optional(Type.Boolean()),
    /** The feature image: a media library item's id, or null for none. */
    feature_image_id: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()]),
    ),
    /** What the feature image shows, under it on the page; '' for none. */
    feature_image_caption: Type.Optional(Type.String({ maxLength: 300 })),
    /** Whose photo the feature image is ("Photo: tvN"); '' for none. */
    feature_image_credit: Type.Optional(Type.String({ maxLength: 120 })),
    /**
     * The title for search engines and link previews, '' for the title itself. Search results
     * show about 60 characters.
     */
    seo_title: Type.Optional(Type.String({ maxLength: 300 })),
    /**
     * The description for search engines and link previews, '' for the standfirst. Search
     * results show about 155 characters.
     */
    seo_description: Type.Optional(Type.String({ maxLength: 1_000 })),
    /** The picture for link previews (og:image): a media library image's id; null for the feature image. */
    social_image_id: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()]),
    ),
    /** The staff member the byline names first, who owns the article; editors and above only. */
    author_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    /** Staff ids of the co-authors, in byline order after the author; replaces the stored list. */
    coauthor_ids: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 20 }),
    ),
    /**
     * True for an editor's background save: consecutive autosaves of one writer update one
     * revision per editing session instead of adding one each.
     */
    autosave: Type.Optional(Type.Boolean()),
    /** A name for the revision this save makes ("Before the legal read"). */
    revision_label: Type.Optional(Type.String({ maxLength: 120 })),
    /** The updated_at last read: when the article has changed since, the write answers 409. */
    updated_at: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** Linker suggestions rejected for this article; replaces the stored list. */
    rejected_mentions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            type: Type.Union(ENTITY_TYPES.map((t) => Type.Literal(t))),
            id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 1_000 },
      ),
    ),
  },
  { additionalProperties: false },
);
type ArticleFields = Static<typeof ArticleFields>;

const WriteBody = Type.Object({ article: ArticleFields }, { additionalProperties: false });
const HtmlBody = Type.Object(
  {
    /** HTML from anywhere (a paste from Google Docs, Word or a web page). */
    html: Type.String({ maxLength: 2_000_000 }),
  },
  { additionalProperties: false },
);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const IdParams = Type.Object({ id: Id });
const RevisionParams = Type.Object({ id: Id, revisionId: Id });
const DiffQuery = Type.Object(
  {
    /** The older side: a revision id. */
    from: Id,
    /** The newer side: a revision id; absent for the article as it is now. */
    to: Type.Optional(Id),
  },
  { additionalProperties: false },
);
const RestoreBody = Type.Object(
  {
    /** The updated_at last read: when the article has changed since, the restore answers 409. */
    updated_at: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** Admin API: articles of every status. Every route here sits behind the area's staff guard. */
export function articleAdminRoutes(app: App, ctx: AppContext): void {
  const present = async (id: number) => ({
    article: {
      ...toApiArticle(await admin.adminDetail(ctx.db, id), ctx.config.baseUrl),
      rejected_mentions: await admin.rejectedMentions(ctx.db, id),
    },
  });

  articleAdminListRoutes(app, ctx);
  articleEditingRoutes(app, ctx);

  app.get('/articles/:id', { schema: { params: IdParams } }, async (request) => {
    authorizeRead(requireCan(request, 'articles.read'));
    return present(request.params.id);
  });

  app.post('/articles', { schema: { body: WriteBody } }, async (request, reply) => {
    const staff = requireCan(request, 'articles.write');
    const input: ArticleFields = request.body.article;
    if (input.title === undefined) throw new ValidationFailed('title is required.', 'title');
    authorizeCreate(staff, input.status ?? 'draft');
    if (input.author_id !== undefined && input.author_id !== userIdOf(staff)) {
      authorizeAuthorChange(staff);
    }
    const links: LinkReport = { linked: [], suggestions: [] };
    const id = await ctx.db
      .transaction()
      .execute((trx) => admin.createFromInput(trx, ctx.clock, input, writerOf(staff), links));
    ctx.pages.invalidate(await articleChangeTags(ctx.db, id));
    return reply.code(201).send(withLinks(await present(id), input, links));
  });

  app.patch('/articles/:id', { schema: { params: IdParams, body: WriteBody } }, async (request) => {
    const staff = requireCan(request, 'articles.write');
    const input: ArticleFields = request.body.article;
    const links: LinkReport = { linked: [], suggestions: [] };
    const before = await ctx.db.transaction().execute(async (trx) => {
      const current = await admin.findForEdit(trx, request.params.id);
      authorizeEdit(staff, current, input.status ?? current.status);
      if (input.author_id !== undefined && input.author_id !== current.author_id) {
        authorizeAuthorChange(staff);
      }
      const tags = await articleChangeTags(trx, request.params.id);
      await admin.updateFromInput(trx, ctx.clock, request.params.id, input, userIdOf(staff), links);
      return tags;
    });
    ctx.pages.invalidate([...before, ...(await articleChangeTags(ctx.db, request.params.id))]);
    return withLinks(await present(request.params.id), input, links);
  });

  // The editor's paste: the same converter as {"html"} writes and the WordPress import, so that
  // structure is kept and everything else dropped in one place. Clips become video rows.
  app.post('/html-to-blocks', { schema: { body: HtmlBody } }, async (request) => {
    requireCan(request, 'articles.write');
    const now = ctx.clock().toISOString();
    const body = await ctx.db
      .transaction()
      .execute((trx) => blocksFromHtml(trx, request.body.html, now));
    return { body };
  });

  app.delete('/articles/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const staff = requireCan(request, 'articles.write');
    const before = await ctx.db.transaction().execute(async (trx) => {
      authorizeDelete(staff, await admin.findAnyStatus(trx, request.params.id));
      const tags = await articleChangeTags(trx, request.params.id);
      await admin.deleteArticle(trx, request.params.id, ctx.clock);
      return tags;
    });
    ctx.pages.invalidate(before);
    return reply.code(204).send();
  });

  // Revisions (issue 18): listed newest first with what made each, any two compared (or one
  // with the article as it is), and one restored: a write like a PATCH, under the same policy
  // and version check, that makes a revision of its own.
  app.get('/articles/:id/revisions', { schema: { params: IdParams } }, async (request) => {
    authorizeRead(requireCan(request, 'articles.read'));
    return { revisions: await listRevisions(ctx.db, request.params.id) };
  });

  app.get(
    '/articles/:id/revisions/diff',
    { schema: { params: IdParams, querystring: DiffQuery } },
    async (request) => {
      authorizeRead(requireCan(request, 'articles.read'));
      const { from, to } = request.query;
      return {
        diff: {
          from,
          to: to ?? null,
          ...(await diffRevisions(ctx.db, request.params.id, from, to)),
        },
      };
    },
  );

  app.get(
    '/articles/:id/revisions/:revisionId',
    { schema: { params: RevisionParams } },
    async (request) => {
      authorizeRead(requireCan(request, 'articles.read'));
      return {
        revision: await findRevision(ctx.db, request.params.id, request.params.revisionId),
      };
    },
  );

  app.post(
    '/articles/:id/revisions/:revisionId/restore',
    { schema: { params: RevisionParams, body: RestoreBody } },
    async (request) => {
      const staff = requireCan(request, 'articles.write');
      const { id, revisionId } = request.params;
      const before = await ctx.db.transaction().execute(async (trx) => {
        const current = await admin.findForEdit(trx, id);
        authorizeEdit(staff, current, current.status);
        const revision = await findRevision(trx, id, revisionId);
        const tags = await articleChangeTags(trx, id);
        await admin.updateFromInput(
          trx,
          ctx.clock,
          id,
          {
            title: revision.title,
            dek: revision.dek,
            body: revision.body,
            restored_from: revision.saved_at,
            ...(request.body.updated_at !== undefined && { updated_at: request.body.updated_at }),
          },
          userIdOf(staff),
        );
        return tags;
      });
      ctx.pages.invalidate([...before, ...(await articleChangeTags(ctx.db, id))]);
      return present(id);
    },
  );
}
