import type { FastifyReply } from 'fastify';

/*
 * Work done on behalf of a request that nobody will receive: the client left, or the server
 * already answered 503 because the handler took longer than the request timeout (fast-path.ts).
 * Either way the connection closes before the handler has finished, so a queue can drop the
 * request's waiting work and a write can be skipped. (After a normal answer the connection's
 * close comes when the work is done, and aborting then changes nothing.)
 */
export function requestAbandoned(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}
