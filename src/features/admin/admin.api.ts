import { IANAZone } from 'luxon';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import { findOrCreateClip, parseVideoUrl } from '../media/index.js';
import { readSettings, writeSettings } from '../settings/index.js';
import { signPreview } from './preview-token.js';

/*
 * Admin API routes the admin app needs beside those of the content features: site settings,
 * preview links, and videos made from a pasted URL. (Article revisions are the articles
 * feature's: routes.admin.ts.)
 */

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const IdParams = Type.Object({ id: Id });

const SettingsJson = Type.Object({
  site_title: Type.String(),
  site_description: Type.String(),
  site_zone: Type.String(),
});

const SettingsBody = Type.Object(
  {
    settings: Type.Object(
      {
        /** Shown in every page's header and title; 1–100 characters. */
        site_title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        /** The site's one-line description (feeds, meta description). */
        site_description: Type.Optional(Type.String({ maxLength: 300 })),
        /** IANA zone articles are dated in, e.g. Asia/Seoul. */
        site_zone: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);

const VideoBody = Type.Object(
  {
    video: Type.Object(
      { url: Type.String({ minLength: 1, maxLength: 2_000 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** Registers settings, preview and video routes in the Admin API area. */
export function adminSupportRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/settings',
    { schema: { response: { 200: Type.Object({ settings: SettingsJson }) } } },
    async (request) => {
      requireCan(request, 'settings.manage');
      return { settings: await readSettings(ctx.db) };
    },
  );

  app.patch(
    '/settings',
    { schema: { body: SettingsBody, response: { 200: Type.Object({ settings: SettingsJson }) } } },
    async (request) => {
      requireCan(request, 'settings.manage');
      const changes = request.body.settings;
      if (changes.site_zone !== undefined && !IANAZone.isValidZone(changes.site_zone)) {
        throw new ValidationFailed(
          `The time zone must be an IANA zone name such as Asia/Seoul or America/New_York, not "${changes.site_zone.slice(0, 60)}".`,
          'site_zone',
        );
      }
      if (changes.site_title !== undefined && changes.site_title.trim() === '') {
        throw new ValidationFailed('The site title cannot be blank.', 'site_title');
      }
      await writeSettings(ctx.db, ctx.clock, changes);
      await app.refreshSite();
      return { settings: await readSettings(ctx.db) };
    },
  );

  // A link that shows the article as readers will see it, to anyone who has it, for an hour.
  app.post('/articles/:id/preview', { schema: { params: IdParams } }, async (request, reply) => {
    requireCan(request, 'articles.read');
    const article = await ctx.db
      .selectFrom('articles')
      .select('id')
      .where('id', '=', request.params.id)
      .executeTakeFirst();
    if (article === undefined) throw new NotFound(`There is no article ${request.params.id}.`);
    const { token, expiresAt } = await signPreview(ctx.db, article.id, ctx.clock());
    void reply.code(201).header('cache-control', 'no-store');
    return {
      preview: { url: `${ctx.config.baseUrl}/admin/preview/${token}`, expires_at: expiresAt },
    };
  });

  // "Video by pasting a URL": the video row a video block refers to, made once per clip.
  app.post('/videos', { schema: { body: VideoBody } }, async (request, reply) => {
    requireCan(request, 'articles.write');
    const clip = parseVideoUrl(request.body.video.url);
    if (clip === undefined) {
      throw new ValidationFailed(
        'That is not a YouTube, Vimeo, Naver TV, Dailymotion or TikTok clip URL.',
        'url',
      );
    }
    const { video, created } = await findOrCreateClip(ctx.db, clip, ctx.clock().toISOString());
    return created ? reply.code(201).send({ video }) : { video };
  });
}
