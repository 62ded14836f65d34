import type { FastifyServerOptions } from 'fastify';
import type { TrustProxy } from '../config.js';

/*
 * The client address behind proxies (DEHO_TRUST_PROXY), as Fastify's trustProxy option: Fastify
 * reads X-Forwarded-For with proxy-addr, from the right, believing an entry only while the hop
 * that added it is trusted. Fastify no longer turns a bare hop count into such a rule (it fails
 * closed, since a client that reaches Deho directly could then name its own address); Deho keeps
 * the count, as proxy-addr defines it, for a server reachable only through its proxies
 * (docs/deploy.md). Cache hits answered before Fastify (fast-path.ts) use no address at all.
 */
export function trustProxyOption(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return [...trust];
}
