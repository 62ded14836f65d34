import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { requireCan } from '../auth/index.js';
import * as events from './event.admin.js';
import { toApiEvent, toApiGroup } from './group-event.presenter.js';
import * as groupEvents from './group-event.service.js';
import * as lists from './people.admin-lists.js';
import * as admin from './people.admin.js';
import {
  AdminEventListQuery,
  AdminMembershipListQuery,
  AdminSearchQuery,
  EventBody,
  GroupBody,
  IdParams,
  MembershipBody,
  PersonBody,
} from './people.admin.schemas.js';
import { toApiPersonDetail } from './routes.api.js';
import { getPersonDetail } from './person.service.js';

const editors = (request: FastifyRequest) => requireCan(request, 'people.write');

/**
 * Admin API of the people feature: people, groups, memberships over time and events. Editors
 * and up; every write in one transaction, so a refused input leaves nothing behind.
 */
export function peopleAdminRoutes(app: App, ctx: AppContext): void {
  const baseUrl = ctx.config.baseUrl;
  // Shows, episodes, people and events appear on many cached pages (articles' air-time blocks,
  // mentions, the schedule); these writes are rare, so every one drops the whole page cache.
  const write = async <T>(work: (trx: DbOrTrx) => Promise<T>): Promise<T> => {
    const result = await ctx.db.transaction().execute(work);
    ctx.pages.invalidate(['site']);
    return result;
  };

  const presentPerson = async (id: number) => {
    const { slug, birth_date } = await admin.findPerson(ctx.db, id);
    const detail = toApiPersonDetail(await getPersonDetail(ctx.db, slug, ctx.clock()), baseUrl);
    // Pages do not show the birth date; the editor needs it to show what it would change.
    return { person: { ...detail, birth_date } };
  };
  const presentGroup = async (id: number) => {
    const { slug } = await admin.findGroup(ctx.db, id);
    return { group: toApiGroup(await groupEvents.getGroupDetail(ctx.db, slug), baseUrl) };
  };
  const presentMembership = async (id: number) => {
    const m = await admin.findMembership(ctx.db, id);
    return { membership: { ...m } };
  };
  const presentEvent = async (id: number) => {
    const { slug } = await events.findEvent(ctx.db, id);
    return { event: toApiEvent(await groupEvents.getEventDetail(ctx.db, slug), baseUrl) };
  };

  // ---- People ----
  app.get('/people', { schema: { querystring: AdminSearchQuery } }, async (request) => {
    editors(request);
    const { page = 1, limit = 20, q = '' } = request.query;
    return lists.listPeople(ctx.db, q, { page, limit }, baseUrl);
  });
  app.get('/people/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentPerson(request.params.id);
  });
  app.post('/people', { schema: { body: PersonBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => admin.createPerson(trx, ctx.clock, request.body.person));
    return reply.code(201).send(await presentPerson(id));
  });
  app.patch('/people/:id', { schema: { params: IdParams, body: PersonBody } }, async (request) => {
    editors(request);
    await write((trx) =>
      admin.updatePerson(trx, ctx.clock, request.params.id, request.body.person),
    );
    return presentPerson(request.params.id);
  });
  app.delete('/people/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => admin.deletePerson(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Groups ----
  app.get('/groups', { schema: { querystring: AdminSearchQuery } }, async (request) => {
    editors(request);
    const { page = 1, limit = 20, q = '' } = request.query;
    return lists.listGroups(ctx.db, q, { page, limit }, baseUrl);
  });
  app.get('/groups/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentGroup(request.params.id);
  });
  app.post('/groups', { schema: { body: GroupBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => admin.createGroup(trx, ctx.clock, request.body.group));
    return reply.code(201).send(await presentGroup(id));
  });
  app.patch('/groups/:id', { schema: { params: IdParams, body: GroupBody } }, async (request) => {
    editors(request);
    await write((trx) => admin.updateGroup(trx, ctx.clock, request.params.id, request.body.group));
    return presentGroup(request.params.id);
  });
  app.delete('/groups/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => admin.deleteGroup(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Memberships over time ----
  app.get(
    '/memberships',
    { schema: { querystring: AdminMembershipListQuery } },
    async (request) => {
      editors(request);
      const { person_id: personId, group_id: groupId } = request.query;
      return lists.listMemberships(ctx.db, {
        ...(personId !== undefined && { personId }),
        ...(groupId !== undefined && { groupId }),
      });
    },
  );
  app.get('/memberships/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentMembership(request.params.id);
  });
  app.post('/memberships', { schema: { body: MembershipBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => admin.createMembership(trx, request.body.membership));
    return reply.code(201).send(await presentMembership(id));
  });
  app.patch(
    '/memberships/:id',
    { schema: { params: IdParams, body: MembershipBody } },
    async (request) => {
      editors(request);
      await write((trx) => admin.updateMembership(trx, request.params.id, request.body.membership));
      return presentMembership(request.params.id);
    },
  );
  app.delete('/memberships/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => admin.deleteMembership(trx, request.params.id));
    return reply.code(204).send();
  });

  // ---- Events ----
  app.get('/events', { schema: { querystring: AdminEventListQuery } }, async (request) => {
    editors(request);
    const { page = 1, limit = 20, q = '', person_id: personId } = request.query;
    return lists.listEvents(
      ctx.db,
      { q, ...(personId !== undefined && { personId }) },
      { page, limit },
      baseUrl,
    );
  });
  app.get('/events/:id', { schema: { params: IdParams } }, async (request) => {
    editors(request);
    return presentEvent(request.params.id);
  });
  app.post('/events', { schema: { body: EventBody } }, async (request, reply) => {
    editors(request);
    const id = await write((trx) => events.createEvent(trx, ctx.clock, request.body.event));
    return reply.code(201).send(await presentEvent(id));
  });
  app.patch('/events/:id', { schema: { params: IdParams, body: EventBody } }, async (request) => {
    editors(request);
    await write((trx) => events.updateEvent(trx, ctx.clock, request.params.id, request.body.event));
    return presentEvent(request.params.id);
  });
  app.delete('/events/:id', { schema: { params: IdParams } }, async (request, reply) => {
    editors(request);
    await write((trx) => events.deleteEvent(trx, request.params.id));
    return reply.code(204).send();
  });
}
