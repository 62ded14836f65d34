import type { App, AppContext } from '../../context.js';
import type { Actor } from './account.policy.js';
import * as accounts from './account.service.js';
import {
  InviteBody,
  LinkJson,
  ListUsersQuery,
  UpdateUserBody,
  UserJson,
  UserParams,
} from './auth.schemas.js';
import { can, requireCan } from './permissions.js';
import type { Staff } from './staff.js';
import { presentUser } from './user.presenter.js';
import * as users from './user.service.js';
import { Type } from 'typebox';

function userIdOf(staff: Staff): number | null {
  return staff.kind === 'session' ? staff.userId : null;
}

/** The staff member as the account hierarchy sees them (account.policy.ts). */
function actorOf(staff: Staff): Actor {
  return { kind: staff.kind, role: staff.role, userId: userIdOf(staff) };
}

function presentLink(link: users.IssuedLink) {
  return {
    sent: link.sent,
    expires_at: link.expiresAt,
    // The link is a password: it leaves in the answer only when no mail carried it.
    ...(!link.sent && { url: link.url }),
  };
}

/** Admin API: staff accounts. */
export function userAdminRoutes(app: App, ctx: AppContext): void {
  /** Who an invitation says it is from: the staff member, or "An admin" for an API key. */
  const inviterName = async (staff: Staff) =>
    staff.kind === 'session' ? (await users.getUser(ctx.db, staff.userId)).name : 'An admin';

  const One = Type.Object({ user: UserJson });

  app.get(
    '/users',
    {
      schema: {
        querystring: ListUsersQuery,
        response: {
          200: Type.Object({
            users: Type.Array(UserJson),
            meta: Type.Object({
              pagination: Type.Object({
                page: Type.Integer(),
                limit: Type.Integer(),
                pages: Type.Integer(),
                total: Type.Integer(),
              }),
            }),
          }),
        },
      },
    },
    async (request) => {
      const staff = requireCan(request, 'users.read');
      const { page = 1, limit = 50 } = request.query;
      const result = await users.listUsers(ctx.db, { limit, offset: (page - 1) * limit });
      const admin = can(staff.role, 'users.manage');
      return {
        users: result.users.map((u) => presentUser(u, admin || u.id === userIdOf(staff))),
        meta: {
          pagination: {
            page,
            limit,
            pages: Math.max(1, Math.ceil(result.total / limit)),
            total: result.total,
          },
        },
      };
    },
  );

  app.get(
    '/users/:id',
    { schema: { params: UserParams, response: { 200: One } } },
    async (request) => {
      const staff = requireCan(request, 'users.read');
      const user = await users.getUser(ctx.db, request.params.id);
      return {
        user: presentUser(user, can(staff.role, 'users.manage') || user.id === userIdOf(staff)),
      };
    },
  );

  // An invitation: the account waits in status "invited" until the link is used.
  app.post(
    '/users',
    {
      schema: {
        body: InviteBody,
        response: { 201: Type.Object({ user: UserJson, invitation: LinkJson }) },
      },
    },
    async (request, reply) => {
      const staff = requireCan(request, 'users.manage');
      const inviter = await inviterName(staff);
      const { user, link } = await users.inviteUser(
        ctx.db,
        ctx.clock,
        ctx.config,
        actorOf(staff),
        request.body.user,
        inviter,
      );
      void reply.code(201).header('cache-control', 'no-store');
      return { user: presentUser(user, true), invitation: presentLink(link) };
    },
  );

  app.patch(
    '/users/:id',
    { schema: { params: UserParams, body: UpdateUserBody, response: { 200: One } } },
    async (request) => {
      const staff = requireCan(request, 'users.manage');
      const user = await accounts.updateAccount(
        ctx.db,
        ctx.dialect,
        ctx.clock,
        actorOf(staff),
        request.params.id,
        request.body.user,
      );
      // A byline shows the name on every article card and page, and the author page the bio:
      // renames are rare, so the whole page cache goes.
      const { name, bio } = request.body.user;
      if (name !== undefined || bio !== undefined) ctx.pages.invalidate(['site']);
      return { user: presentUser(user, true) };
    },
  );

  app.delete('/users/:id', { schema: { params: UserParams } }, async (request, reply) => {
    const staff = requireCan(request, 'users.manage');
    await accounts.deleteAccount(ctx.db, ctx.dialect, actorOf(staff), request.params.id);
    return reply.code(204).send();
  });

  // A reset link for a colleague, for the admin to pass on (mail may not be set up).
  app.post(
    '/users/:id/password-reset',
    {
      schema: { params: UserParams, response: { 201: Type.Object({ password_reset: LinkJson }) } },
    },
    async (request, reply) => {
      const staff = requireCan(request, 'users.manage');
      const link = await accounts.issueResetLink(
        ctx.db,
        ctx.dialect,
        ctx.clock,
        ctx.config,
        actorOf(staff),
        request.params.id,
      );
      void reply.code(201).header('cache-control', 'no-store');
      return { password_reset: presentLink(link) };
    },
  );

  // A new invitation for a colleague who never accepted one (or came with the WordPress import).
  app.post(
    '/users/:id/invitation',
    {
      schema: { params: UserParams, response: { 200: Type.Object({ invitation: LinkJson }) } },
    },
    async (request, reply) => {
      const staff = requireCan(request, 'users.manage');
      const inviter = await inviterName(staff);
      const link = await accounts.inviteAgain(
        ctx.db,
        ctx.dialect,
        ctx.clock,
        ctx.config,
        actorOf(staff),
        request.params.id,
        inviter,
      );
      void reply.header('cache-control', 'no-store');
      return { invitation: presentLink(link) };
    },
  );

  // Signs a colleague out everywhere (a lost or shared computer).
  app.delete(
    '/users/:id/sessions',
    {
      schema: {
        params: UserParams,
        response: { 200: Type.Object({ sessions: Type.Object({ ended: Type.Integer() }) }) },
      },
    },
    async (request) => {
      const staff = requireCan(request, 'users.manage');
      const ended = await accounts.endAccountSessions(
        ctx.db,
        ctx.dialect,
        actorOf(staff),
        request.params.id,
      );
      return { sessions: { ended } };
    },
  );

  // Turns off a colleague's two-factor sign-in (a lost phone); their sessions end too.
  app.delete('/users/:id/totp', { schema: { params: UserParams } }, async (request, reply) => {
    const staff = requireCan(request, 'users.manage');
    await accounts.resetTwoFactor(
      ctx.db,
      ctx.dialect,
      ctx.clock,
      actorOf(staff),
      request.params.id,
    );
    return reply.code(204).send();
  });

  app.post(
    '/users/:id/ownership',
    { schema: { params: UserParams, response: { 200: One } } },
    async (request) => {
      const staff = requireCan(request, 'ownership.transfer');
      const user = await accounts.transferOwnership(
        ctx.db,
        ctx.dialect,
        ctx.clock,
        actorOf(staff),
        request.params.id,
      );
      return { user: presentUser(user, true) };
    },
  );
}
