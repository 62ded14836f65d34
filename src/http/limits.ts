import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors.js';

/*
 * Request limits that no route should have to think about. Body sizes are per route (bodyLimit),
 * URL length and slow clients are handled by the node server (fast-path.ts); this file holds the
 * JSON parser with its nesting limit.
 */

/** JSON bodies nested deeper than this are refused with 400 before they are parsed. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `text` opens more than `max` arrays/objects inside each other. A linear scan that
 * skips strings (with their escapes), so it costs less than the parse it protects and never
 * recurses however hostile the input.
 */
export function jsonDepthExceeds(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth -= 1;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with the same parser (secure-json-parse: `__proto__` and
 * `constructor.prototype` keys are refused) behind a nesting-depth check, for every area.
 */
export function useJsonLimits(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text)) {
      done(
        new AppError(
          'invalid_json',
          `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
        ),
        undefined,
      );
      return;
    }
    void parseJson(request, text, done);
  });
}
