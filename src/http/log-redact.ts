import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/*
 * Secrets that travel in URLs, kept out of the request log. Logs are read by more people and
 * kept longer than the secrets are meant to live: a preview link is an hour's read access to a
 * draft, an unsubscribe link acts for an address for as long as the mail is kept. Headers and
 * bodies (API keys, cookies, passwords, invitation and reset tokens, which reach the server only
 * in bodies: their links carry them after `#`) are not logged at all; the request serializer
 * below is an allowlist of fields.
 */

/** What a secret is replaced with; the rest of the request line stays readable. */
const REDACTED = '[redacted]';

/**
 * Path prefixes whose next segment is a secret: `/admin/preview/<token>` (admin/preview-token.ts).
 */
const SECRET_PATH_PREFIXES = ['/admin/preview/'];

/**
 * Query parameters that carry secrets wherever they appear: `token` (the unsubscribe link,
 * comments/notify.ts), and the names clients use for keys and signatures.
 */
const SECRET_QUERY_NAMES = new Set(['token', 'key', 'api_key', 'secret', 'signature', 'password']);

/**
 * A request URL with its secrets replaced by `[redacted]`: the segment after a secret path
 * prefix, the values of secret query parameters, and any fragment (browsers never send one, so a
 * fragment comes from a client pasting a whole invitation or reset link).
 * @param url the request target as received, e.g. `/comments/unsubscribe?token=…`
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const withoutFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : `#${REDACTED}`;
  const queryAt = withoutFragment.indexOf('?');
  let path = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : withoutFragment.slice(queryAt + 1);
  for (const prefix of SECRET_PATH_PREFIXES) {
    if (path.startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      path = prefix + REDACTED + (slash === -1 ? '' : rest.slice(slash));
    }
  }
  if (query === undefined) return path + fragment;
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replaceAll('+', ' '));
    } catch {
      // An undecodable name is compared as it was sent.
    }
    return equals !== -1 && SECRET_QUERY_NAMES.has(name.toLowerCase())
      ? `${rawName}=${REDACTED}`
      : pair;
  });
  return `${path}?${pairs.join('&')}${fragment}`;
}

/** The request as logged: Fastify's default fields, with the URL's secrets redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Logger options with the redacting request serializer added; `false` (no logging) stays false.
 * Every way of building the app (server, tests, the rehearsal) goes through this.
 */
export function withLogRedaction(
  logger: FastifyServerOptions['logger'],
): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } };
}
