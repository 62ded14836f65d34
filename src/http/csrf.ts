import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Forbidden } from '../lib/errors.js';

/*
 * Cross-site request forgery, the one implementation for staff and commenter writes: another
 * site can make a browser send our cookies, but cannot set the Origin header and cannot read a
 * token from our pages. Staff writes send the session's token in `x-csrf-token`
 * (auth/staff.ts); a commenter's edit and delete forms carry one bound to the commenter cookie
 * (comments/comment.defences.ts). Both refuse a foreign Origin here first.
 */

/** Methods that change nothing, so they need no defence. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The answer to a write from another site; the same sentence for every area. */
const FOREIGN_ORIGIN_MESSAGE = 'Requests from other sites are not accepted here.';

/**
 * Refuses a write whose Origin header names another site. Browsers send Origin on cross-site
 * writes (and on same-origin fetches); curl, servers and some older browsers' same-site form
 * posts send none, which is accepted: without Origin a request carries no proof either way, and
 * the cookies are SameSite=Lax, so a cross-site form post does not carry them.
 * @param baseUrl the site's configured address (DEHO_BASE_URL); the request's own host is
 *   accepted too, for an instance reached by another name than the configured one
 * @throws Forbidden for a write from another origin (including `Origin: null`)
 */
export function refuseForeignOrigin(request: FastifyRequest, baseUrl: string): void {
  const origin = request.headers.origin;
  if (origin === undefined || SAFE_METHODS.has(request.method)) return;
  const own = new Set([new URL(baseUrl).origin, `${request.protocol}://${request.host}`]);
  if (!own.has(origin)) throw new Forbidden(FOREIGN_ORIGIN_MESSAGE);
}

/**
 * Compares a token a request sent with the expected one in constant time.
 * @returns false for anything but a string equal to `expected`
 */
export function tokenMatches(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || expected === '') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
