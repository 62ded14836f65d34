import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { requireCan } from '../auth/index.js';
import { MENTION_TYPES, type Mention } from './linker.js';
import { currentLinker } from './names.repository.js';
import { wellFormed } from './normalize.js';

const MentionType = Type.Union(MENTION_TYPES.map((t) => Type.Literal(t)));

const DetectBody = Type.Object(
  {
    /** The text to scan, as plain text (an article body joined with newlines). */
    text: Type.String({ maxLength: 500_000 }),
    /** Entities the text is known to be about (e.g. the article's show): resolves ambiguous names. */
    context: Type.Optional(
      Type.Array(
        Type.Object(
          { type: MentionType, id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
);

/** JSON of a mention; every field listed so nothing else leaks. */
function toApiMention(m: Mention) {
  return {
    type: m.type,
    id: m.id,
    name: m.name,
    start: m.start,
    end: m.end,
    confidence: m.confidence,
  };
}

/**
 * Admin API of the names feature. `POST /entities/detect` `{"text"}` answers
 * `{"mentions": [{type, id, name, start, end, confidence}]}`: `start`/`end` are UTF-16 offsets
 * into `text` (JavaScript string indexes; end exclusive), so `text.slice(start, end)` is the
 * mention as written. Several mentions with the same range are alternatives the linker could
 * not choose between (each with confidence ≤ 0.45); nothing is applied to any article.
 */
export function namesAdminRoutes(app: App, ctx: AppContext): void {
  app.post('/entities/detect', { schema: { body: DetectBody } }, async (request) => {
    requireCan(request, 'names.detect');
    const linker = await currentLinker(ctx.db);
    // Lone surrogates become U+FFFD one for one, so offsets still index the text as sent.
    const mentions = linker.detect(wellFormed(request.body.text), {
      context: request.body.context ?? [],
    });
    return { mentions: mentions.map(toApiMention) };
  });
}
