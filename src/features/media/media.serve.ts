import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFound } from '../../lib/errors.js';
import type { MediaStore, RangeSpec, StoredFacts } from './media.store.js';

/*
 * Answers a GET or HEAD for a stored file from any store, the way the static file server
 * answers for the data folder: exact type and nosniff (no browser reads a file as anything but
 * what it is), ETag and Last-Modified with 304 for a cached copy, and one byte range (206, or
 * 416 outside the file) for players and resumed downloads.
 */

/** One range of the Range header; several ranges or anything malformed are ignored (RFC 9110 §14.2). */
export function parseRange(header: string | undefined): RangeSpec | undefined {
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header?.trim() ?? '');
  if (match === null) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') return { suffix: Number(to) };
  const start = Number(from);
  if (to === '') return { start };
  const end = Number(to);
  return end < start ? undefined : { start, end };
}

function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((tag) => bare(tag) === bare(etag));
}

/** True when the client's copy is current (If-None-Match first, as RFC 9110 §13.2.2 orders). */
function notModified(request: FastifyRequest, facts: StoredFacts): boolean {
  const noneMatch = request.headers['if-none-match'];
  if (noneMatch !== undefined) return etagMatches(noneMatch, facts.etag);
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(facts.modified.getTime() / 1000) * 1000 <= since;
}

/** If-Range: the range holds only for the copy the client has (a strong ETag or the date). */
function rangeStillApplies(request: FastifyRequest, facts: StoredFacts): boolean {
  const header = request.headers['if-range'];
  if (header === undefined) return true;
  const ifRange = String(header);
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) {
    return !facts.etag.startsWith('W/') && ifRange === facts.etag;
  }
  return ifRange === facts.modified.toUTCString();
}

function headers(reply: FastifyReply, facts: StoredFacts, cacheControl: string): FastifyReply {
  return reply
    .type(facts.contentType)
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('etag', facts.etag)
    .header('last-modified', facts.modified.toUTCString())
    .header('accept-ranges', 'bytes');
}

/** A store that cannot be reached answers 503, as an unreachable database does. */
async function ask<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    request.log.error({ err: error }, 'the media store did not answer');
    throw new AppError('unavailable', 'The image cannot be loaded right now. Try again shortly.');
  }
}

/**
 * Sends the file `key` from `store`.
 * @throws NotFound when the store has no such file; AppError unavailable when it cannot answer
 */
export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  store: MediaStore,
  key: string,
  cacheControl: string,
): Promise<FastifyReply> {
  const conditional =
    request.headers['if-none-match'] !== undefined ||
    request.headers['if-modified-since'] !== undefined;
  if (conditional) {
    const facts = await ask(request, () => store.stat(key));
    if (facts === undefined) throw new NotFound('There is no such file.');
    if (notModified(request, facts)) return headers(reply, facts, cacheControl).code(304).send();
  }
  let range = parseRange(request.headers.range);
  let file = await ask(request, () => store.open(key, range));
  if (file === undefined) throw new NotFound('There is no such file.');
  if (range !== undefined && !rangeStillApplies(request, file)) {
    // The client's copy is another version: the whole file, not a piece of the new one.
    file.body.destroy();
    range = undefined;
    file = await ask(request, () => store.open(key));
    if (file === undefined) throw new NotFound('There is no such file.');
  }
  headers(reply, file, cacheControl);
  if (file.range === 'unsatisfiable') {
    file.body.destroy();
    return reply.code(416).header('content-range', `bytes */${file.size}`).send();
  }
  if (file.range !== undefined) {
    const { start, end } = file.range;
    void reply
      .code(206)
      .header('content-range', `bytes ${start}-${end}/${file.size}`)
      .header('content-length', end - start + 1);
  } else {
    void reply.header('content-length', file.size);
  }
  // HEAD: the headers only; the body is let go at once (an unread S3 answer holds a socket).
  // An empty stream keeps Fastify from setting content-length to 0, as it does for no body.
  if (request.method === 'HEAD') {
    file.body.destroy();
    return reply.send(Readable.from([]));
  }
  return reply.send(file.body);
}
