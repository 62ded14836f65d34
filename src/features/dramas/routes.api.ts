import type { App, AppContext } from '../../context.js';
import { toApiEpisode, toApiShow, toApiShowDetail } from './drama.presenter.js';
import * as content from './drama.content.js';
import {
  ByShowQuery,
  CreditListQuery,
  EpisodeListQuery,
  IdPathParams,
  ShowListQuery,
  SlugParams,
} from './drama.schemas.js';
import * as service from './drama.service.js';

/** Content API of the dramas feature: shows, parts, episodes, characters, credits; read-only. */
export function dramaApiRoutes(app: App, ctx: AppContext): void {
  const baseUrl = ctx.config.baseUrl;

  app.get('/shows', { schema: { querystring: ShowListQuery } }, async (request) => {
    const { page = 1, limit = 20 } = request.query;
    const result = await service.pageOfShows(ctx.db, { page, limit });
    return {
      shows: result.shows.map((show) => toApiShow(show, baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/shows/:slug', { schema: { params: SlugParams } }, async (request) => {
    const show = await service.getShowDetail(ctx.db, request.params.slug, ctx.clock());
    return { show: toApiShowDetail(show, baseUrl) };
  });

  app.get('/episodes', { schema: { querystring: EpisodeListQuery } }, async (request) => {
    const { page = 1, limit = 20, show, from, to } = request.query;
    const result = await service.pageOfEpisodes(
      ctx.db,
      {
        ...(show !== undefined && { show }),
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
      },
      { page, limit },
    );
    return {
      episodes: result.episodes.map((episode) => toApiEpisode(episode, baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/parts', { schema: { querystring: ByShowQuery } }, async (request) => {
    const { page = 1, limit = 20, show } = request.query;
    const result = await content.pageOfParts(
      ctx.db,
      { ...(show && { show }) },
      { page, limit },
      baseUrl,
    );
    return { parts: result.parts, meta: { pagination: result.pagination } };
  });

  app.get('/parts/:id', { schema: { params: IdPathParams } }, async (request) => ({
    part: await content.partDetail(ctx.db, request.params.id, baseUrl),
  }));

  app.get('/characters', { schema: { querystring: ByShowQuery } }, async (request) => {
    const { page = 1, limit = 20, show } = request.query;
    const result = await content.pageOfCharacters(
      ctx.db,
      { ...(show && { show }) },
      { page, limit },
      baseUrl,
    );
    return { characters: result.characters, meta: { pagination: result.pagination } };
  });

  app.get('/characters/:id', { schema: { params: IdPathParams } }, async (request) => ({
    character: await content.characterDetail(ctx.db, request.params.id, baseUrl),
  }));

  app.get('/credits', { schema: { querystring: CreditListQuery } }, async (request) => {
    const { page = 1, limit = 20, show, person, kind } = request.query;
    const result = await content.pageOfCredits(
      ctx.db,
      { ...(show && { show }), ...(person && { person }), ...(kind && { kind }) },
      { page, limit },
      baseUrl,
    );
    return { credits: result.credits, meta: { pagination: result.pagination } };
  });

  app.get('/credits/:id', { schema: { params: IdPathParams } }, async (request) => ({
    credit: await content.creditDetail(ctx.db, request.params.id, baseUrl),
  }));
}
