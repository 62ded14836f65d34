import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { renderDocument } from '../../views/render.js';
import { listArticleSummaries } from '../articles/index.js';
import { PersonPage } from './person-views.js';
import * as service from './person.service.js';

// Any string is routed here; a slug that cannot exist answers the same 404 page as an unknown one.
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const NEWS_LIMIT = 10;

/** Reader pages of the people feature: /people/:slug. */
export function peopleSiteRoutes(app: App, ctx: AppContext): void {
  app.get('/people/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params;
    if (!SLUG_PATTERN.test(slug)) throw new NotFound(`There is no person at "${slug}".`);
    const now = ctx.clock();
    const person = await service.getPersonDetail(ctx.db, slug, now);
    const news = await listArticleSummaries(
      ctx.db,
      { kind: 'person', personId: person.id },
      { limit: NEWS_LIMIT, offset: 0, now: now.toISOString() },
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(PersonPage({ site: ctx.site(), person, news })));
  });
}
