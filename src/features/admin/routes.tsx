import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { renderDocument } from '../../views/render.js';
import { articlePreviewDocument } from '../articles/index.js';
import { resolveSession, SESSION_COOKIE, setupNeeded } from '../auth/index.js';
import { AdminShell } from './admin-views.js';
import { verifyPreview } from './preview-token.js';

/*
 * The /admin area (HTML): the shell of the admin app, and preview pages. Screens that need a
 * session redirect to the sign-in screen without one; the Admin API checks every request again.
 */

/** Screens anyone may open (they sign in, or use a link from a mail). */
const OPEN_SCREENS = new Set(['login', 'accept-invite', 'reset-password', 'forgot-password']);
/** Screens of the app, by the first path segment after /admin. */
const APP_SCREENS = new Set([
  '',
  'articles',
  'comments',
  'shows',
  'people',
  'groups',
  'events',
  'users',
  'api-keys',
  'settings',
  'account',
  'media',
  'tags',
  'webhooks',
  'import',
]);

function sendShell(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(html);
}

/** Registers the admin HTML routes; register with prefix /admin. */
export function adminAreaRoutes(app: App, ctx: AppContext): void {
  const shell = async (request: FastifyRequest, reply: FastifyReply, screen: string) => {
    const needsSetup = await setupNeeded(ctx.db);
    if (screen === 'setup') {
      if (!needsSetup) return reply.redirect('/admin/login', 303);
      return sendShell(
        reply,
        renderDocument(AdminShell({ siteTitle: ctx.site().title, page: 'setup' })),
      );
    }
    if (needsSetup) return reply.redirect('/admin/setup', 303);
    if (OPEN_SCREENS.has(screen)) {
      return sendShell(
        reply,
        renderDocument(AdminShell({ siteTitle: ctx.site().title, page: screen })),
      );
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session =
      cookie === undefined ? undefined : await resolveSession(ctx.db, ctx.clock, cookie);
    if (session === undefined) return reply.redirect('/admin/login', 303);
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('id', '=', session.userId)
      .executeTakeFirstOrThrow();
    return sendShell(
      reply,
      renderDocument(
        AdminShell({
          siteTitle: ctx.site().title,
          page: screen === '' ? 'articles' : screen,
          csrfToken: session.csrfToken,
          user,
        }),
      ),
    );
  };

  app.get('/', async (request, reply) => shell(request, reply, ''));
  app.get(
    '/*',
    { schema: { params: Type.Object({ '*': Type.String({ maxLength: 300 }) }) } },
    async (request, reply) => {
      const screen = request.params['*'].split('/')[0] ?? '';
      if (screen !== 'setup' && !OPEN_SCREENS.has(screen) && !APP_SCREENS.has(screen)) {
        throw new NotFound('There is no such admin screen.');
      }
      return shell(request, reply, screen);
    },
  );

  // An article of any status as readers will see it, for whoever holds a valid preview link.
  app.get(
    '/preview/:token',
    { schema: { params: Type.Object({ token: Type.String({ maxLength: 120 }) }) } },
    async (request, reply) => {
      const id = await verifyPreview(ctx.db, request.params.token, ctx.clock());
      const html = id === undefined ? undefined : await articlePreviewDocument(ctx, id);
      if (html === undefined)
        throw new NotFound('This preview link has expired. Make a new one in the editor.');
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .send(html);
    },
  );
}
