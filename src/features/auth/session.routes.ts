import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../context.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import {
  ChangeEmailBody,
  ChangePasswordBody,
  DisableTotpBody,
  EnableTotpBody,
  ResetRequestBody,
  SessionResponse,
  SetupBody,
  SignInBody,
  TokenPasswordBody,
} from './auth.schemas.js';
import { clearLoginFailures, TooManyAttempts } from './login-limits.js';
import { requireStaff, type Staff } from './staff.js';
import { presentUser } from './user.presenter.js';
import { deleteUserSessions } from './user.repository.js';
import {
  endSession,
  SESSION_COOKIE,
  signIn,
  startSession,
  useTotpCode,
  type StartedSession,
} from './session.service.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';
import * as users from './user.service.js';
import { requestAbandoned } from '../../http/abandoned.js';
import { writeSettings } from '../settings/index.js';

/*
 * Signing in and out, first-run setup, invitation and reset links, one's own password and
 * two-factor sign-in. Routes marked `adminPublic` answer without staff; every other one is
 * behind the area's guard like any Admin API route.
 */

const PUBLIC = { adminPublic: true } as const;

function setSessionCookie(reply: FastifyReply, ctx: AppContext, session: StartedSession): void {
  void reply.setCookie(SESSION_COOKIE, session.cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.baseUrl.startsWith('https:'),
    expires: new Date(session.expiresAt),
  });
}

function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.baseUrl.startsWith('https:'),
  });
}

function client(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** The signed-in user behind a cookie session; API keys have no session. */
function requireSession(request: FastifyRequest): Extract<Staff, { kind: 'session' }> {
  const staff = requireStaff(request);
  if (staff.kind !== 'session') {
    throw new NotFound('API keys have no session; this route is for people signed in.');
  }
  return staff;
}

async function sessionAnswer(
  ctx: AppContext,
  userId: number,
  csrfToken: string,
  expiresAt?: string,
) {
  const user = await users.getUser(ctx.db, userId);
  return {
    session: {
      csrfToken,
      user: presentUser(user, true),
      ...(expiresAt !== undefined && { expires_at: expiresAt }),
    },
  };
}

/** Registers the session, setup and link routes in the Admin API area. */
export function sessionAdminRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/session',
    { config: PUBLIC, schema: { body: SignInBody, response: { 201: SessionResponse } } },
    async (request, reply) => {
      try {
        // A sign-in always makes a new session; one the browser still had is ended first.
        const previous = request.cookies[SESSION_COOKIE];
        if (previous !== undefined) await endSession(ctx.db, previous);
        const { userId, session } = await signIn(
          ctx.db,
          ctx.clock,
          request.body,
          client(request),
          requestAbandoned(reply),
        );
        setSessionCookie(reply, ctx, session);
        void reply.code(201).header('cache-control', 'no-store');
        return await sessionAnswer(ctx, userId, session.csrfToken, session.expiresAt);
      } catch (error) {
        if (error instanceof TooManyAttempts)
          void reply.header('retry-after', String(error.retryAfter));
        throw error;
      }
    },
  );

  app.get(
    '/session',
    { schema: { response: { 200: SessionResponse } } },
    async (request, reply) => {
      const staff = requireSession(request);
      void reply.header('cache-control', 'no-store');
      return sessionAnswer(ctx, staff.userId, staff.csrfToken);
    },
  );

  app.delete('/session', async (request, reply) => {
    requireSession(request);
    const value = request.cookies[SESSION_COOKIE];
    if (value !== undefined) await endSession(ctx.db, value);
    clearSessionCookie(reply, ctx);
    return reply.code(204).send();
  });

  // Log out everywhere: every session of this user, this one included.
  app.delete('/sessions', async (request, reply) => {
    const staff = requireSession(request);
    await deleteUserSessions(ctx.db, staff.userId);
    clearSessionCookie(reply, ctx);
    return reply.code(204).send();
  });

  app.get('/setup', { config: PUBLIC }, async () => ({
    setup: { needed: await users.setupNeeded(ctx.db) },
  }));

  app.post(
    '/setup',
    { config: PUBLIC, schema: { body: SetupBody, response: { 201: SessionResponse } } },
    async (request, reply) => {
      const title = request.body.site?.title.trim();
      if (title === '') throw new ValidationFailed('The site name cannot be blank.', 'site.title');
      const user = await users.createUser(
        ctx.db,
        ctx.clock,
        { ...request.body.user, role: 'owner' },
        {
          onlyIfEmpty: true,
          // Only with the first account: the endpoint is public, and a later call is refused.
          ...(title !== undefined && {
            alongside: (trx) => writeSettings(trx, ctx.clock, { site_title: title }),
          }),
        },
      );
      if (title !== undefined) await app.refreshSite();
      const session = await startSession(ctx.db, ctx.clock, user.id, client(request));
      setSessionCookie(reply, ctx, session);
      void reply.code(201).header('cache-control', 'no-store');
      return sessionAnswer(ctx, user.id, session.csrfToken, session.expiresAt);
    },
  );

  app.post(
    '/invitations/accept',
    { config: PUBLIC, schema: { body: TokenPasswordBody, response: { 201: SessionResponse } } },
    async (request, reply) => {
      const userId = await users.acceptInvitation(
        ctx.db,
        ctx.clock,
        request.body.token,
        request.body.password,
      );
      const session = await startSession(ctx.db, ctx.clock, userId, client(request));
      setSessionCookie(reply, ctx, session);
      void reply.code(201).header('cache-control', 'no-store');
      return sessionAnswer(ctx, userId, session.csrfToken, session.expiresAt);
    },
  );

  // Same answer whether or not the address has an account.
  app.post(
    '/password-reset',
    { config: PUBLIC, schema: { body: ResetRequestBody } },
    async (request, reply) => {
      await users.requestPasswordReset(ctx.db, ctx.clock, ctx.config, request.body.email);
      return reply.code(202).send({
        password_reset: { message: 'If that address has an account, a reset link is on its way.' },
      });
    },
  );

  app.post(
    '/password-reset/confirm',
    { config: PUBLIC, schema: { body: TokenPasswordBody } },
    async (request, reply) => {
      const userId = await users.resetPassword(
        ctx.db,
        ctx.clock,
        request.body.token,
        request.body.password,
      );
      // The link proves the mailbox: it lifts a lockout that someone else's guesses caused.
      await clearLoginFailures(ctx.db, (await users.getUser(ctx.db, userId)).email);
      return reply.code(204).send();
    },
  );

  app.post(
    '/session/password',
    { schema: { body: ChangePasswordBody } },
    async (request, reply) => {
      const staff = requireSession(request);
      await users.changeOwnPassword(
        ctx.db,
        ctx.clock,
        staff.userId,
        request.body.current_password,
        request.body.new_password,
      );
      // Every session ended, this one too: start a fresh one so that the writer stays signed in.
      const session = await startSession(ctx.db, ctx.clock, staff.userId, client(request));
      setSessionCookie(reply, ctx, session);
      return sessionAnswer(ctx, staff.userId, session.csrfToken, session.expiresAt);
    },
  );

  // One's own e-mail address; colleagues' addresses change by PATCH /users/:id.
  app.put(
    '/session/email',
    { schema: { body: ChangeEmailBody, response: { 200: SessionResponse } } },
    async (request) => {
      const staff = requireSession(request);
      await users.changeOwnEmail(
        ctx.db,
        ctx.clock,
        staff.userId,
        request.body.current_password,
        request.body.email,
      );
      return sessionAnswer(ctx, staff.userId, staff.csrfToken);
    },
  );

  // Two-factor sign-in: offer a secret, then turn it on once a code made with it is right.
  app.post('/session/totp', async (request) => {
    const staff = requireSession(request);
    const user = await users.getUser(ctx.db, staff.userId);
    const secret = newTotpSecret();
    return {
      totp: {
        secret,
        otpauth_url: otpauthUrl(secret, user.email, new URL(ctx.config.baseUrl).host),
      },
    };
  });

  app.put('/session/totp', { schema: { body: EnableTotpBody } }, async (request, reply) => {
    const staff = requireSession(request);
    const { secret, code } = request.body.totp;
    const step = matchTotp(secret, code, ctx.clock());
    if (step === undefined) {
      throw new ValidationFailed(
        'That code does not match; type the current one from your app.',
        'code',
      );
    }
    await users.enableTotp(ctx.db, ctx.clock, staff.userId, secret, step);
    return reply.code(204).send();
  });

  app.delete('/session/totp', { schema: { body: DisableTotpBody } }, async (request, reply) => {
    const staff = requireSession(request);
    const secret = await users.totpSecretOf(ctx.db, staff.userId);
    const code =
      secret === null
        ? 'accepted'
        : await useTotpCode(ctx.db, staff.userId, secret, request.body.code, ctx.clock());
    if (code !== 'accepted') {
      throw new ValidationFailed(
        code === 'used'
          ? 'That code was used already. Wait for the next one from your app.'
          : 'That code does not match; type the current one from your app.',
        'code',
      );
    }
    await users.disableTotp(ctx.db, ctx.clock, staff.userId);
    return reply.code(204).send();
  });
}
