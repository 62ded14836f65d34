import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { requireCan } from '../auth/index.js';
import * as cast from './drama.admin-cast.js';
import * as episodes from './drama.admin-episodes.js';
import * as lists from './drama.admin-lists.js';
import * as admin from './drama.admin.js';
import {
  AdminCreditListQuery,
  AdminShowListQuery,
  CharacterBody,
  CreditBody,
  EpisodeBody,
  GenerationBody,
  IdParams,
  NetworkBody,
  PartBody,
  ShowBody,
} from './drama.admin.schemas.js';
import { creditDetail, partDetail } from './drama.content.js';
import { toApiShowDetail } from './drama.presenter.js';
import * as service from './drama.service.js';

const editors = (request: FastifyRequest) => requireCan(request, 'dramas.write');

/**
 * Admin API of the dramas feature: shows, networks, parts with broadcast slots, episodes
 * (generated, regenerated, edited one by one), characters and credits. Editors and up.
 * Every write runs in one transaction, so a refused input leaves nothing behind.
 */
export function dramaAdminRoutes(app: App, ctx: AppContext): void {
  const baseUrl = ctx.config.baseUrl;
  // Shows, episodes, people and events appear on many cached pages (articles' air-time blocks,
  // mentions, the schedule); these writes are rare, so every one drops the whole page cache.
  const write = async <T>(work: (trx: DbOrTrx) => Promise<T>): Promise<T> => {
    const result = await ctx.db.transaction().execute(work);
    ctx.pages.invalidate(['site']);
    return result;
  };

  const presentShow = async (id: number) => {
    const { slug } = await admin.findShow(ctx.db, id);
    return {
      show: toApiShowDetail(await service.getShowDetail(ctx.db, slug, ctx.clock()), baseUrl),
    };
  };
  const presentNetwork = async (id: number) => ({ network: await admin.findNetwork(ctx.db, id) });
  const presentPart = async (id: number) => ({ part: await partDetail(ctx.db, id, baseUrl) });
  const presentEpisode = async (id: number) => ({
    episode: episodes.toAdminEpisode(await episodes.findEpisode(ctx.db, id)),
  });
  const presentCharacter = async (id: number) => ({
    character: cast.toAdminCharacter(await cast.findCharacter(ctx.db, id)),
  });
  const presentCredit = async (id: number) => ({ credit: await creditDetail(ctx.db, id, baseUrl) });

  // ---- Shows ----
  app.get('/shows', { schema: { querystring: AdminShowListQuery } }, async (request) => {
    editors(request);
    return lists.listShows(ctx.db, ctx.clock(), request.query, baseUrl);
  });
  app.get('/shows/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentShow(request.params.id);
  });
  app.post('/shows', { schema: { body: ShowBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => admin.createShow(trx, ctx.clock, request.body.show));
    return reply.code(201).send(await presentShow(id));
  });
  app.patch('/shows/:id', { schema: { params: IdParams, body: ShowBody } }, async (request) => {
    editors(request);
    await write((trx) => admin.updateShow(trx, ctx.clock, request.params.id, request.body.show));
    return presentShow(request.params.id);
  });
  app.delete('/shows/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => admin.deleteShow(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Networks and streaming services ----
  app.get('/networks', async (request) => {
    editors(request);
    const networks = await ctx.db.selectFrom('networks').selectAll().orderBy('name').execute();
    const total = networks.length;
    return {
      networks,
      meta: { pagination: { page: 1, limit: Math.max(total, 1), pages: 1, total } },
    };
  });
  app.post('/networks', { schema: { body: NetworkBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => admin.createNetwork(trx, request.body.network));
    return reply.code(201).send(await presentNetwork(id));
  });
  app.patch(
    '/networks/:id',
    { schema: { params: IdParams, body: NetworkBody } },
    async (request) => {
      editors(request);
      await write((trx) => admin.updateNetwork(trx, request.params.id, request.body.network));
      return presentNetwork(request.params.id);
    },
  );
  app.delete('/networks/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => admin.deleteNetwork(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Parts (with their broadcast slots) ----
  app.get('/parts/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentPart(request.params.id);
  });
  app.post('/parts', { schema: { body: PartBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => admin.createPart(trx, ctx.clock, request.body.part));
    return reply.code(201).send(await presentPart(id));
  });
  app.patch('/parts/:id', { schema: { params: IdParams, body: PartBody } }, async (request) => {
    editors(request);
    await write((trx) => admin.updatePart(trx, ctx.clock, request.params.id, request.body.part));
    return presentPart(request.params.id);
  });
  app.delete('/parts/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => admin.deletePart(trx, request.params.id));
    return reply.code(204).send();
  });

  // Generation and regeneration: edited episodes and specials are never touched.
  app.post(
    '/parts/:id/episodes/generate',
    { schema: { params: IdParams, body: GenerationBody } },
    async (request) => {
      editors(request);
      const result = await write((trx) =>
        episodes.generateForPart(trx, ctx.clock, request.params.id, request.body.generation),
      );
      return { generation: result, ...(await presentPart(request.params.id)) };
    },
  );

  // The same plan as generation, answered without writing, for the editor to check first.
  app.post(
    '/parts/:id/episodes/preview',
    { schema: { params: IdParams, body: GenerationBody } },
    async (request) => {
      editors(request);
      return {
        preview: await episodes.previewForPart(ctx.db, request.params.id, request.body.generation),
      };
    },
  );

  // ---- Episodes ----
  app.get('/episodes/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentEpisode(request.params.id);
  });
  app.post('/episodes', { schema: { body: EpisodeBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => episodes.createEpisode(trx, ctx.clock, request.body.episode));
    return reply.code(201).send(await presentEpisode(id));
  });
  app.patch(
    '/episodes/:id',
    { schema: { params: IdParams, body: EpisodeBody } },
    async (request) => {
      editors(request);
      await write((trx) =>
        episodes.updateEpisode(trx, ctx.clock, request.params.id, request.body.episode),
      );
      return presentEpisode(request.params.id);
    },
  );
  app.delete('/episodes/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => episodes.deleteEpisode(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Characters ----
  app.get('/characters/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentCharacter(request.params.id);
  });
  app.post('/characters', { schema: { body: CharacterBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => cast.createCharacter(trx, ctx.clock, request.body.character));
    return reply.code(201).send(await presentCharacter(id));
  });
  app.patch(
    '/characters/:id',
    { schema: { params: IdParams, body: CharacterBody } },
    async (request) => {
      editors(request);
      await write((trx) =>
        cast.updateCharacter(trx, ctx.clock, request.params.id, request.body.character),
      );
      return presentCharacter(request.params.id);
    },
  );
  app.delete('/characters/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => cast.deleteCharacter(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Credits ----
  app.get('/credits', { schema: { querystring: AdminCreditListQuery } }, async (request) => {
    editors(request);
    const { page = 1, limit = 20, show_id: showId, person_id: personId } = request.query;
    return lists.listCredits(
      ctx.db,
      { ...(showId !== undefined && { showId }), ...(personId !== undefined && { personId }) },
      { page, limit },
      baseUrl,
    );
  });
  app.get('/credits/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentCredit(request.params.id);
  });
  app.post('/credits', { schema: { body: CreditBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => cast.createCredit(trx, request.body.credit));
    return reply.code(201).send(await presentCredit(id));
  });
  app.patch('/credits/:id', { schema: { params: IdParams, body: CreditBody } }, async (request) => {
    editors(request);
    await write((trx) => cast.updateCredit(trx, request.params.id, request.body.credit));
    return presentCredit(request.params.id);
  });
  app.delete('/credits/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => cast.deleteCredit(trx, request.params.id));
    return reply.code(204).send();
  });
}
