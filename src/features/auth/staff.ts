import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../context.js';
import { refuseForeignOrigin, SAFE_METHODS, tokenMatches } from '../../http/csrf.js';
import { Forbidden, Unauthorized } from '../../lib/errors.js';
import { verifyApiKey } from './apikey.service.js';
import type { Role } from './auth.table.js';
import { resolveSession, SESSION_COOKIE } from './session.service.js';

/**
 * Who is making a staff request. One variant per way of signing in; handlers and policies read
 * `role` (and `kind` where the way matters, e.g. CSRF only applies to cookies).
 *
 * A session names its user (`userId`), which article.policy reads for "own" articles; an API
 * key acts with its role and owns only the articles it created (`articles.api_key_id`).
 */
export type Staff =
  | { kind: 'apikey'; /** api_keys.id */ id: number; role: Role }
  | {
      kind: 'session';
      /** The first characters of the session's stored hash (for logs). */
      id: string;
      /** users.id */
      userId: number;
      role: Role;
      /** What cookie-authenticated writes must send in `x-csrf-token`. */
      csrfToken: string;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * An Admin API route that needs no staff (sign-in, first-run setup, invitation and reset
     * links). Such a route is marked here, next to its path, never by a list elsewhere.
     */
    adminPublic?: boolean;
  }
  interface FastifyRequest {
    /** Set by adminAuth on every request of the Admin API area; null elsewhere. */
    staff: Staff | null;
  }
}

/**
 * One way of recognising staff. Answers a Staff, or `undefined` when the request does not use
 * this way at all (so the next one is tried), or throws Unauthorized when it uses it wrongly.
 */
type Authenticator = (request: FastifyRequest, ctx: AppContext) => Promise<Staff | undefined>;

/** Same sentence for an unknown, malformed and revoked key: the answer must not tell them apart. */
const BAD_KEY = 'That API key is not valid.';

/** `Authorization: Bearer <key>`. */
const bearerApiKey: Authenticator = async (request, ctx) => {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (match?.[1] === undefined) {
    throw new Unauthorized('Send the API key as "Authorization: Bearer <key>".');
  }
  const principal = await verifyApiKey(ctx.db, ctx.clock, match[1]);
  if (principal === undefined) throw new Unauthorized(BAD_KEY);
  return { kind: 'apikey', id: principal.id, role: principal.role };
};

/**
 * The session cookie. A write (anything but GET/HEAD/OPTIONS) must also send the session's CSRF
 * token in `x-csrf-token`: another site can make the browser send the cookie, but cannot read
 * the token. An unknown or expired cookie counts as no cookie (the request is anonymous).
 */
const sessionCookie: Authenticator = async (request, ctx) => {
  const value = request.cookies[SESSION_COOKIE];
  if (value === undefined || value === '') return undefined;
  const session = await resolveSession(ctx.db, ctx.clock, value);
  if (session === undefined) return undefined;
  if (!SAFE_METHODS.has(request.method)) {
    if (!tokenMatches(request.headers['x-csrf-token'], session.csrfToken)) {
      throw new Forbidden("Send the session's CSRF token in the x-csrf-token header.");
    }
  }
  return {
    kind: 'session',
    id: session.id,
    userId: session.userId,
    role: session.role,
    csrfToken: session.csrfToken,
  };
};

/** Tried in order; the first that recognises the request wins. */
const AUTHENTICATORS: readonly Authenticator[] = [bearerApiKey, sessionCookie];

/**
 * The onRequest hook of the Admin API area: every request must come from staff, or it gets a
 * 401 `unauthorized` before any route runs. Sets `request.staff`.
 * @param ctx the app context (database and clock)
 */
export function adminAuth(ctx: AppContext): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    refuseForeignOrigin(request, ctx.config.baseUrl);
    if (request.routeOptions.config.adminPublic === true) return;
    for (const authenticate of AUTHENTICATORS) {
      const staff = await authenticate(request, ctx);
      if (staff !== undefined) {
        request.staff = staff;
        return;
      }
    }
    throw new Unauthorized();
  };
}

/**
 * Declares `request.staff` on an area and guards it with adminAuth. Equivalent to
 * `app.addHook('onRequest', adminAuth(ctx))` but also gives requests a stable shape.
 */
export function useAdminAuth(app: App, ctx: AppContext): void {
  app.decorateRequest('staff', null);
  app.addHook('onRequest', adminAuth(ctx));
}

/**
 * The staff member behind a request, for handlers in the Admin API area.
 * @throws Unauthorized when the request is not authenticated (a route outside the guarded area)
 */
export function requireStaff(request: FastifyRequest): Staff {
  const staff = request.staff ?? undefined;
  if (staff === undefined) throw new Unauthorized();
  return staff;
}

/**
 * Checks that the requester holds one of `roles`. The owner may do everything an admin may.
 * @returns the staff member, for the handler to use
 * @throws Unauthorized when nobody is signed in, Forbidden when the role is not among `roles`
 */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): Staff {
  const staff = requireStaff(request);
  const allowed = roles.includes(staff.role) || (staff.role === 'owner' && roles.includes('admin'));
  if (!allowed) throw new Forbidden();
  return staff;
}
