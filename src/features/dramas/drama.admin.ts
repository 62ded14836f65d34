import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import { notFoundAt, required, stringList, unknownId } from './admin-helpers.js';
import type { NetworkFields, PartFields, ShowFields, SlotFields } from './drama.admin.schemas.js';
import { validateSlot } from './episode-schedule.js';

/*
 * Admin writes of shows, networks, parts and their broadcast slots. Each function takes the
 * route's transaction: a failed check throws before or between writes, and the transaction
 * rolls every one of them back.
 */

async function networkIds(trx: DbOrTrx, slugs: readonly string[], property: string) {
  if (slugs.length === 0) return new Map<string, number>();
  const rows = await trx
    .selectFrom('networks')
    .select(['id', 'slug'])
    .where('slug', 'in', [...new Set(slugs)])
    .execute();
  const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
  slugs.forEach((slug, index) => {
    if (!bySlug.has(slug)) {
      throw notFoundAt(`There is no network "${slug}".`, `${property}.${index}`);
    }
  });
  return bySlug;
}

export async function findShow(trx: DbOrTrx, id: number) {
  const show = await trx.selectFrom('shows').selectAll().where('id', '=', id).executeTakeFirst();
  if (show === undefined) throw new NotFound(`There is no show with id ${id}.`);
  return show;
}

async function setShowNetworks(trx: DbOrTrx, showId: number, slugs: readonly string[]) {
  const ids = await networkIds(trx, slugs, 'networks');
  await trx.deleteFrom('show_networks').where('show_id', '=', showId).execute();
  const unique = [...new Set(slugs)];
  if (unique.length === 0) return;
  await trx
    .insertInto('show_networks')
    .values(
      unique.map((slug, position) => ({
        show_id: showId,
        network_id: ids.get(slug) ?? 0,
        position,
      })),
    )
    .execute();
}

async function showSlugTaken(trx: DbOrTrx, slug: string, exceptId = 0): Promise<boolean> {
  const row = await trx
    .selectFrom('shows')
    .select('id')
    .where('slug', '=', slug)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/** @returns the new show's id */
export async function createShow(trx: DbOrTrx, clock: Clock, input: ShowFields): Promise<number> {
  const title = required(input.title, 'title');
  let slug: string;
  if (input.slug !== undefined) {
    if (await showSlugTaken(trx, input.slug)) {
      throw new Conflict(`The slug "${input.slug}" is taken by another show.`, 'slug');
    }
    slug = input.slug;
  } else {
    slug = await uniqueSlug(slugify(title), (s) => showSlugTaken(trx, s), 'show');
  }
  const now = nowIso(clock);
  const row = await trx
    .insertInto('shows')
    .values({
      slug,
      title,
      title_ko: input.title_ko ?? null,
      aliases: stringList(input.aliases ?? []),
      genres: stringList(input.genres ?? []),
      synopsis: input.synopsis ?? '',
      poster_id: null,
      is_fictional: input.is_fictional ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.networks !== undefined) await setShowNetworks(trx, row.id, input.networks);
  return row.id;
}

export async function updateShow(trx: DbOrTrx, clock: Clock, id: number, input: ShowFields) {
  await findShow(trx, id);
  if (input.slug !== undefined && (await showSlugTaken(trx, input.slug, id))) {
    throw new Conflict(`The slug "${input.slug}" is taken by another show.`, 'slug');
  }
  await trx
    .updateTable('shows')
    .set({
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.title !== undefined && { title: input.title }),
      ...(input.title_ko !== undefined && { title_ko: input.title_ko }),
      ...(input.aliases !== undefined && { aliases: stringList(input.aliases) }),
      ...(input.genres !== undefined && { genres: stringList(input.genres) }),
      ...(input.synopsis !== undefined && { synopsis: input.synopsis }),
      ...(input.is_fictional !== undefined && { is_fictional: input.is_fictional ? 1 : 0 }),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
  if (input.networks !== undefined) await setShowNetworks(trx, id, input.networks);
}

export async function deleteShow(trx: DbOrTrx, id: number): Promise<void> {
  await findShow(trx, id);
  await trx.deleteFrom('shows').where('id', '=', id).execute();
}

// ---- Networks ----

export async function findNetwork(trx: DbOrTrx, id: number) {
  const row = await trx.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no network with id ${id}.`);
  return row;
}

async function networkSlugTaken(trx: DbOrTrx, slug: string, exceptId = 0): Promise<boolean> {
  const row = await trx
    .selectFrom('networks')
    .select('id')
    .where('slug', '=', slug)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function createNetwork(trx: DbOrTrx, input: NetworkFields): Promise<number> {
  const name = required(input.name, 'name');
  const kind = required(input.kind, 'kind');
  let slug = input.slug;
  if (slug !== undefined && (await networkSlugTaken(trx, slug))) {
    throw new Conflict(`The slug "${slug}" is taken by another network.`, 'slug');
  }
  slug ??= await uniqueSlug(slugify(name), (s) => networkSlugTaken(trx, s), 'network');
  const row = await trx
    .insertInto('networks')
    .values({ slug, name, kind, url: input.url ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateNetwork(trx: DbOrTrx, id: number, input: NetworkFields) {
  await findNetwork(trx, id);
  if (input.slug !== undefined && (await networkSlugTaken(trx, input.slug, id))) {
    throw new Conflict(`The slug "${input.slug}" is taken by another network.`, 'slug');
  }
  const changes = {
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.url !== undefined && { url: input.url }),
  };
  if (Object.keys(changes).length > 0) {
    await trx.updateTable('networks').set(changes).where('id', '=', id).execute();
  }
}

export async function deleteNetwork(trx: DbOrTrx, id: number): Promise<void> {
  await findNetwork(trx, id);
  await trx.deleteFrom('networks').where('id', '=', id).execute();
}

// ---- Parts and broadcast slots ----

export async function findPart(trx: DbOrTrx, id: number, property?: string) {
  const row = await trx.selectFrom('parts').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw unknownId('part', id, property);
  return row;
}

async function checkPartNumberFree(trx: DbOrTrx, showId: number, number: number, exceptId = 0) {
  const row = await trx
    .selectFrom('parts')
    .select('id')
    .where('show_id', '=', showId)
    .where('number', '=', number)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  if (row !== undefined) throw new Conflict(`This show already has a part ${number}.`, 'number');
}

async function replaceSlots(trx: DbOrTrx, partId: number, slots: readonly SlotFields[]) {
  slots.forEach((slot, index) =>
    validateSlot({ weekday: slot.weekday, localTime: slot.local_time, zone: slot.zone }, index),
  );
  const networkSlugs = slots.flatMap((slot) => (slot.network ? [slot.network] : []));
  const ids = await networkIds(trx, networkSlugs, 'slots.network');
  await trx.deleteFrom('broadcast_slots').where('part_id', '=', partId).execute();
  if (slots.length === 0) return;
  await trx
    .insertInto('broadcast_slots')
    .values(
      slots.map((slot) => ({
        part_id: partId,
        weekday: slot.weekday,
        local_time: slot.local_time,
        zone: slot.zone,
        network_id: slot.network ? (ids.get(slot.network) ?? null) : null,
      })),
    )
    .execute();
}

/** @returns the new part's id */
export async function createPart(trx: DbOrTrx, clock: Clock, input: PartFields): Promise<number> {
  const showId = required(input.show_id, 'show_id');
  const number = required(input.number, 'number');
  const show = await trx
    .selectFrom('shows')
    .select('id')
    .where('id', '=', showId)
    .executeTakeFirst();
  if (show === undefined) throw unknownId('show', showId, 'show_id');
  await checkPartNumberFree(trx, showId, number);
  const now = nowIso(clock);
  const row = await trx
    .insertInto('parts')
    .values({
      show_id: showId,
      number,
      title: input.title ?? `Part ${number}`,
      subtitle: input.subtitle ?? null,
      subtitle_ko: input.subtitle_ko ?? null,
      time_skip_note: input.time_skip_note ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.slots !== undefined) await replaceSlots(trx, row.id, input.slots);
  return row.id;
}

export async function updatePart(trx: DbOrTrx, clock: Clock, id: number, input: PartFields) {
  const part = await findPart(trx, id);
  if (input.show_id !== undefined && input.show_id !== part.show_id) {
    throw new ValidationFailed('A part cannot move to another show.', 'show_id');
  }
  if (input.number !== undefined) await checkPartNumberFree(trx, part.show_id, input.number, id);
  await trx
    .updateTable('parts')
    .set({
      ...(input.number !== undefined && { number: input.number }),
      ...(input.title !== undefined && { title: input.title }),
      ...(input.subtitle !== undefined && { subtitle: input.subtitle }),
      ...(input.subtitle_ko !== undefined && { subtitle_ko: input.subtitle_ko }),
      ...(input.time_skip_note !== undefined && { time_skip_note: input.time_skip_note }),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
  if (input.slots !== undefined) await replaceSlots(trx, id, input.slots);
}

export async function deletePart(trx: DbOrTrx, id: number): Promise<void> {
  await findPart(trx, id);
  await trx.deleteFrom('parts').where('id', '=', id).execute();
}

/** A part with its slots, as the Admin and Content APIs show it. */
export async function partWithSlots(trx: DbOrTrx, id: number) {
  const part = await findPart(trx, id);
  const slots = await trx
    .selectFrom('broadcast_slots')
    .leftJoin('networks', 'networks.id', 'broadcast_slots.network_id')
    .where('part_id', '=', id)
    .select([
      'broadcast_slots.weekday',
      'broadcast_slots.local_time',
      'broadcast_slots.zone',
      'networks.slug as network',
    ])
    .orderBy('broadcast_slots.id')
    .execute();
  return { ...part, slots };
}
