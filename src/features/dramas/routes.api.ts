import type { App, AppContext } from '../../context.js';
import { toApiEpisode, toApiShow, toApiShowDetail } from './drama.presenter.js';
import { EpisodeListQuery, ShowListQuery, SlugParams } from './drama.schemas.js';
import * as service from './drama.service.js';

/** Content API of the dramas feature: shows and episodes, read-only. */
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
}
