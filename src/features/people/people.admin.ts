import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import { checkDate, checkOrder, required, stringList, unknownId } from '../dramas/index.js';
import type { GroupFields, MembershipFields, PersonFields } from './people.admin.schemas.js';

/*
 * Admin writes of people, groups and memberships over time. Each function takes the route's
 * transaction; a refused input throws and the transaction rolls back.
 */

type SluggedTable = 'people' | 'groups' | 'events';

/** Whether `slug` is used in `table` by another row than `exceptId`. */
export async function slugTaken(
  trx: DbOrTrx,
  table: SluggedTable,
  slug: string,
  exceptId = 0,
): Promise<boolean> {
  const row = await trx
    .selectFrom(table)
    .select('id')
    .where('slug', '=', slug)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The slug to store: the one sent (409 when taken) or one made from the name. */
export async function pickSlug(
  trx: DbOrTrx,
  table: SluggedTable,
  wanted: string | undefined,
  name: string,
  exceptId = 0,
): Promise<string> {
  if (wanted !== undefined) {
    if (await slugTaken(trx, table, wanted, exceptId)) {
      throw new Conflict(`The slug "${wanted}" is already taken.`, 'slug');
    }
    return wanted;
  }
  return uniqueSlug(slugify(name), (s) => slugTaken(trx, table, s, exceptId), 'item');
}

const optionalDate = (value: string | null | undefined, property: string) =>
  value === undefined || value === null ? value : checkDate(value, property);

// ---- People ----

export async function findPerson(trx: DbOrTrx, id: number, property?: string) {
  const row = await trx.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) {
    throw property
      ? unknownId('person', id, property)
      : new NotFound(`There is no person with id ${id}.`);
  }
  return row;
}

export async function createPerson(trx: DbOrTrx, clock: Clock, input: PersonFields) {
  const name = required(input.name, 'name');
  const slug = await pickSlug(trx, 'people', input.slug, name);
  const now = nowIso(clock);
  const row = await trx
    .insertInto('people')
    .values({
      slug,
      name,
      name_ko: input.name_ko ?? null,
      aliases: stringList(input.aliases ?? []),
      roles: stringList(input.roles ?? []),
      bio: input.bio ?? '',
      birth_date: optionalDate(input.birth_date, 'birth_date') ?? null,
      image_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePerson(trx: DbOrTrx, clock: Clock, id: number, input: PersonFields) {
  const current = await findPerson(trx, id);
  const slug =
    input.slug === undefined ? current.slug : await pickSlug(trx, 'people', input.slug, '', id);
  await trx
    .updateTable('people')
    .set({
      slug,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.name_ko !== undefined && { name_ko: input.name_ko }),
      ...(input.aliases !== undefined && { aliases: stringList(input.aliases) }),
      ...(input.roles !== undefined && { roles: stringList(input.roles) }),
      ...(input.bio !== undefined && { bio: input.bio }),
      ...(input.birth_date !== undefined && {
        birth_date: optionalDate(input.birth_date, 'birth_date') ?? null,
      }),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
}

export async function deletePerson(trx: DbOrTrx, id: number): Promise<void> {
  await findPerson(trx, id);
  await trx.deleteFrom('people').where('id', '=', id).execute();
}

// ---- Groups ----

export async function findGroup(trx: DbOrTrx, id: number, property?: string) {
  const row = await trx.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) {
    throw property
      ? unknownId('group', id, property)
      : new NotFound(`There is no group with id ${id}.`);
  }
  return row;
}

function groupDates(
  input: GroupFields,
  current?: { debut_date: string | null; disband_date: string | null },
) {
  const debut =
    input.debut_date !== undefined
      ? (optionalDate(input.debut_date, 'debut_date') ?? null)
      : (current?.debut_date ?? null);
  const disband =
    input.disband_date !== undefined
      ? (optionalDate(input.disband_date, 'disband_date') ?? null)
      : (current?.disband_date ?? null);
  checkOrder(debut, disband, 'disband_date');
  return { debut_date: debut, disband_date: disband };
}

export async function createGroup(trx: DbOrTrx, clock: Clock, input: GroupFields) {
  const name = required(input.name, 'name');
  const dates = groupDates(input);
  const slug = await pickSlug(trx, 'groups', input.slug, name);
  const now = nowIso(clock);
  const row = await trx
    .insertInto('groups')
    .values({
      slug,
      name,
      name_ko: input.name_ko ?? null,
      aliases: stringList(input.aliases ?? []),
      kind: input.kind ?? 'idol_group',
      ...dates,
      description: input.description ?? '',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGroup(trx: DbOrTrx, clock: Clock, id: number, input: GroupFields) {
  const current = await findGroup(trx, id);
  const dates = groupDates(input, current);
  const slug =
    input.slug === undefined ? current.slug : await pickSlug(trx, 'groups', input.slug, '', id);
  await trx
    .updateTable('groups')
    .set({
      slug,
      ...dates,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.name_ko !== undefined && { name_ko: input.name_ko }),
      ...(input.aliases !== undefined && { aliases: stringList(input.aliases) }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.description !== undefined && { description: input.description }),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteGroup(trx: DbOrTrx, id: number): Promise<void> {
  await findGroup(trx, id);
  await trx.deleteFrom('groups').where('id', '=', id).execute();
}

// ---- Memberships over time ----

export async function findMembership(trx: DbOrTrx, id: number) {
  const row = await trx
    .selectFrom('group_memberships')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no membership with id ${id}.`);
  return row;
}

export async function createMembership(trx: DbOrTrx, input: MembershipFields) {
  const groupId = required(input.group_id, 'group_id');
  const personId = required(input.person_id, 'person_id');
  await findGroup(trx, groupId, 'group_id');
  await findPerson(trx, personId, 'person_id');
  const start = optionalDate(input.start_date, 'start_date') ?? null;
  const end = optionalDate(input.end_date, 'end_date') ?? null;
  checkOrder(start, end, 'end_date');
  const row = await trx
    .insertInto('group_memberships')
    .values({
      group_id: groupId,
      person_id: personId,
      role: input.role ?? null,
      start_date: start,
      end_date: end,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMembership(trx: DbOrTrx, id: number, input: MembershipFields) {
  const current = await findMembership(trx, id);
  if (input.group_id !== undefined && input.group_id !== current.group_id) {
    throw new ValidationFailed('A membership cannot move to another group.', 'group_id');
  }
  if (input.person_id !== undefined && input.person_id !== current.person_id) {
    throw new ValidationFailed('A membership cannot move to another person.', 'person_id');
  }
  const start =
    input.start_date !== undefined
      ? (optionalDate(input.start_date, 'start_date') ?? null)
      : current.start_date;
  const end =
    input.end_date !== undefined
      ? (optionalDate(input.end_date, 'end_date') ?? null)
      : current.end_date;
  checkOrder(start, end, 'end_date');
  await trx
    .updateTable('group_memberships')
    .set({
      start_date: start,
      end_date: end,
      ...(input.role !== undefined && { role: input.role }),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteMembership(trx: DbOrTrx, id: number): Promise<void> {
  await findMembership(trx, id);
  await trx.deleteFrom('group_memberships').where('id', '=', id).execute();
}
