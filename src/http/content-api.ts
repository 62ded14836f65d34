import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ValidationFailed } from '../lib/errors.js';

/*
 * Cross-cutting behaviour of the public Content API: CORS for reading (any origin may GET; no
 * credentials), ETags with 304 Not Modified, and `fields=` selection.
 */

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, X-Request-Id',
} as const;

/** A weak ETag of a body: equal bodies, equal tags; `W/` since compression may change bytes. */
export function etagOf(body: string | Buffer): string {
  return `W/"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Weak comparison (RFC 9110 §13.1.2) of an If-None-Match header with an ETag. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Installs CORS (GET/HEAD from any origin, answered preflights), ETags and 304s on an area.
 * Call inside the Content API's encapsulated context.
 */
export function useContentApiHttp(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) void reply.headers(CORS_HEADERS);
  });

  // Preflight: only simple reads cross origins. Hidden from the OpenAPI document.
  app.options('/*', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .code(204)
      .headers({
        'access-control-allow-methods': 'GET, HEAD, OPTIONS',
        'access-control-allow-headers': 'If-None-Match, Content-Type',
        'access-control-max-age': '86400',
      })
      .send(),
  );

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    if (reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = etagOf(payload);
    void reply.header('etag', etag);
    if (!reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'public, max-age=0, must-revalidate');
    void reply.header('vary', 'Accept-Encoding');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
      void reply.code(304);
      void reply.removeHeader('content-length');
      void reply.removeHeader('content-type');
      return '';
    }
    return payload;
  });
}

/** At most this many names in `fields=`. */
export const MAX_FIELDS = 30;

/** The `fields` query parameter: comma-separated snake_case names, short. */
export const FieldsParam = Type.String({
  pattern: `^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39}){0,${MAX_FIELDS - 1}}$`,
  maxLength: 600,
  description: `Comma-separated fields to include (at most ${MAX_FIELDS}); all when absent.`,
});

/**
 * Checks `fields=` against the fields a resource has.
 * @returns the names, or undefined when the parameter is absent
 * @throws ValidationFailed naming the first unknown field and listing the known ones
 */
export function parseFields(
  raw: string | undefined,
  known: readonly string[],
): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = [...new Set(raw.split(','))];
  const unknown = names.find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new ValidationFailed(
      `fields: "${unknown}" is not a field here. Known fields: ${known.join(', ')}.`,
      'fields',
    );
  }
  return names;
}

/** The object with only the chosen fields (all of them when `fields` is undefined). */
export function pickFields<T extends object>(
  item: T,
  fields: readonly string[] | undefined,
): Partial<T> {
  if (fields === undefined) return item;
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => fields.includes(key)),
  ) as Partial<T>;
}
